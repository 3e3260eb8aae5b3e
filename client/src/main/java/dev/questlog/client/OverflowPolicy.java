package dev.questlog.client;

/** What {@link QuestLogClient#track} does when the in-memory queue is full. Either way the caller never waits. */
public enum OverflowPolicy {
    /** Keep what is queued and drop the event being tracked (favours the oldest, e.g. a session's start). */
    DROP_NEWEST,
    /** Drop the oldest queued event to make room (favours what is happening now). */
    DROP_OLDEST
}
