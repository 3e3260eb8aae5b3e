package dev.questlog.event;

import dev.questlog.config.IngestConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * What the {@link EventParser} accepts.
 *
 * @param maxEventBytes      largest single event, its JSON text in bytes
 * @param maxDepth           deepest nesting of objects/arrays, the event object itself counting as 1
 * @param timestampMaxPast   {@code event_timestamp}/{@code sent_at} older than this (vs. the server clock) are rejected
 * @param timestampMaxFuture {@code event_timestamp}/{@code sent_at} further ahead than this are rejected
 */
public record ParserLimits(long maxEventBytes, int maxDepth, Duration timestampMaxPast, Duration timestampMaxFuture) {
    public ParserLimits {
        if (maxEventBytes < 2) {
            throw new IllegalArgumentException("maxEventBytes must be at least 2, was " + maxEventBytes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        Objects.requireNonNull(timestampMaxPast, "timestampMaxPast");
        Objects.requireNonNull(timestampMaxFuture, "timestampMaxFuture");
        if (timestampMaxPast.isNegative() || timestampMaxFuture.isNegative()) {
            throw new IllegalArgumentException("timestamp window must not be negative, was -" + timestampMaxPast
                    + " … +" + timestampMaxFuture);
        }
    }

    /** 1 MiB, depth 32, 30 days past, 1 day future. */
    public static ParserLimits defaults() {
        return new ParserLimits(1L << 20, 32, Duration.ofDays(30), Duration.ofDays(1));
    }

    public static ParserLimits from(IngestConfig c) {
        return new ParserLimits(c.maxEventBytes(), c.maxDepth(), c.timestampMaxPast(), c.timestampMaxFuture());
    }
}
