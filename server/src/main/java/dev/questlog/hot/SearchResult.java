package dev.questlog.hot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One page of hot-tier hits, newest first.
 *
 * @param total      how many events match in all
 * @param hits       this page; each is the stored event as it travelled on stream {@code events}
 *                   ({@code {"app","received_at","trust","key_id","event_time","event":{…}}})
 * @param eventTypes matching events per event type (facet counts over all matches, not just this page)
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record SearchResult(long total, List<JsonNode> hits, Map<String, Long> eventTypes, String nextCursor) {
    public SearchResult {
        hits = List.copyOf(hits);
        eventTypes = Map.copyOf(eventTypes);
    }
}
