package dev.questlog.hot;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A hot-tier search, always scoped to one app. Every non-null filter must match; several event types match any.
 *
 * @param app        the app whose events are searched (from the caller's key)
 * @param eventTypes any of these event types; empty for all
 * @param clientId   exact client_id, or null
 * @param sessionId  exact session_id, or null
 * @param levelId    exact level_id, or null
 * @param appVersion exact app_version, or null
 * @param fromMillis event time lower bound (inclusive, epoch ms), or null
 * @param toMillis   event time upper bound (exclusive, epoch ms), or null
 * @param attributes exact values of attributes (nested ones by dotted path), e.g. {@code weapon=sword}
 * @param text       free text over string attributes (Lucene query syntax, terms ANDed), or null
 * @param limit      hits per page, 1..1000
 * @param offset     hits to skip (ignored when a cursor is given)
 * @param cursor     the {@code next_cursor} of the previous page, or null
 */
public record SearchRequest(String app, List<String> eventTypes, String clientId, String sessionId, String levelId,
                            String appVersion, Long fromMillis, Long toMillis, Map<String, String> attributes,
                            String text, int limit, int offset, String cursor) {

    public static final int MAX_LIMIT = 1000;

    public SearchRequest {
        Objects.requireNonNull(app, "app");
        eventTypes = List.copyOf(eventTypes == null ? List.of() : eventTypes);
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (offset < 0 || offset > 100_000) {
            throw new IllegalArgumentException("offset must be 0..100000 (use the cursor to go deeper), was " + offset);
        }
        if (fromMillis != null && toMillis != null && fromMillis > toMillis) {
            throw new IllegalArgumentException("from (" + fromMillis + ") is after to (" + toMillis + ")");
        }
        if (text != null && text.isBlank()) {
            text = null;
        }
    }

    /** All events of an app, newest first, first page of {@code limit}. */
    public static SearchRequest all(String app, int limit) {
        return new SearchRequest(app, List.of(), null, null, null, null, null, null, Map.of(), null, limit, 0, null);
    }
}
