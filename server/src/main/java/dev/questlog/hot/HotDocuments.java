package dev.questlog.hot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.util.BytesRef;

/**
 * Turns a stored event (the JSON value of a record of stream {@code events}) into a Lucene document. Stateless and
 * thread-safe.
 *
 * <p>Fields: keyword fields for the envelope ({@code event_id}, {@code app}, {@code event_type}, {@code client_id},
 * {@code session_id}, {@code level_id}, {@code app_version}); {@code event_time} as a point (range filter) and doc
 * value (sort); every scalar attribute as keyword field {@code attr.<dotted path>}; every string attribute also in
 * the analysed field {@code text} (stack traces, messages); and the whole stored event in {@code source}.
 */
final class HotDocuments {
    /** Longest indexable term, in UTF-8 bytes ({@link IndexWriter#MAX_TERM_LENGTH}). */
    private static final int MAX_TERM_BYTES = IndexWriter.MAX_TERM_LENGTH;
    static final String EVENT_ID = "event_id";
    static final String APP = "app";
    static final String EVENT_TYPE = "event_type";
    static final String EVENT_TIME = "event_time";
    /** A 64-bit number from the event_id: the tie-breaker of the sort, so that paging cursors are exact. */
    static final String TIE = "tie";
    static final String TEXT = "text";
    static final String SOURCE = "source";
    static final String ATTR = "attr.";
    /** Envelope fields that are filters of their own, and those that are not attributes. */
    static final Map<String, String> KEYWORDS = Map.of("client_id", "client_id", "session_id", "session_id",
            "level_id", "level_id", "app_version", "app_version");
    private static final Set<String> ENVELOPE = Set.of("event_id", "event_type", "event_timestamp", "event_version",
            "app_name", "app_version", "client_id", "session_id", "level_id", "position_x", "position_y", "position_z",
            "sent_at");
    /** Bounds the fields one hostile event can add to the index schema. */
    private static final int MAX_ATTRIBUTE_FIELDS = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HotDocuments() {
    }

    /** The parts of a stored event the index needs before building the document. */
    record Parsed(String eventId, String app, String eventType, long eventTime, JsonNode event, byte[] source) {
    }

    /** Parses a stored event; throws {@link IllegalArgumentException} naming what is missing. */
    static Parsed parse(byte[] storedEvent) {
        JsonNode root;
        try {
            root = JSON.readTree(storedEvent);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        JsonNode event = root.path("event");
        String id = event.path("event_id").asText(null);
        String type = event.path("event_type").asText(null);
        String app = root.path("app").asText(null);
        if (id == null || type == null || app == null || !root.path("event_time").canConvertToLong()) {
            throw new IllegalArgumentException("not a stored event (needs app, event_time, event.event_id, "
                    + "event.event_type)");
        }
        return new Parsed(id, app, type, root.path("event_time").asLong(), event, storedEvent);
    }

    static Document document(Parsed p) {
        Document doc = new Document();
        keyword(doc, EVENT_ID, p.eventId());
        long tie = tie(p.eventId());
        doc.add(new LongPoint(TIE, tie));
        doc.add(new NumericDocValuesField(TIE, tie));
        keyword(doc, APP, p.app());
        keyword(doc, EVENT_TYPE, p.eventType());
        doc.add(new SortedDocValuesField(EVENT_TYPE, new BytesRef(p.eventType())));
        doc.add(new LongPoint(EVENT_TIME, p.eventTime()));
        doc.add(new NumericDocValuesField(EVENT_TIME, p.eventTime()));
        KEYWORDS.forEach((json, field) -> {
            JsonNode v = p.event().get(json);
            if (v != null && v.isValueNode() && !v.isNull()) {
                keyword(doc, field, v.asText());
            }
        });
        int[] budget = {MAX_ATTRIBUTE_FIELDS};
        for (Map.Entry<String, JsonNode> e : p.event().properties()) {
            if (!ENVELOPE.contains(e.getKey())) {
                attribute(doc, e.getKey(), e.getValue(), budget);
            }
        }
        doc.add(new StoredField(SOURCE, p.source()));
        return doc;
    }

    /** The UUID's two halves xor-ed (event ids are UUIDs); an FNV-1a hash for anything else. */
    static long tie(String eventId) {
        try {
            UUID u = UUID.fromString(eventId);
            return u.getMostSignificantBits() ^ u.getLeastSignificantBits();
        } catch (IllegalArgumentException e) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < eventId.length(); i++) {
                h = (h ^ eventId.charAt(i)) * 0x100000001b3L;
            }
            return h;
        }
    }

    private static void attribute(Document doc, String path, JsonNode value, int[] budget) {
        if (budget[0] <= 0 || value.isNull()) {
            return;
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                attribute(doc, path + "." + e.getKey(), e.getValue(), budget);
            }
        } else if (value.isArray()) {
            value.forEach(v -> attribute(doc, path, v, budget));
        } else {
            budget[0]--;
            String text = value.asText();
            if (text.length() <= 1024) {
                keyword(doc, ATTR + path, text);
            }
            if (value.isTextual()) {
                doc.add(new TextField(TEXT, text, Field.Store.NO));
            }
        }
    }

    /**
     * Adds an exact-match term, unless it is longer than Lucene's term limit: such a value (a hostile 100 KB
     * client_id, say) would make IndexWriter refuse the whole document and stop the indexer, so the event is indexed
     * without that one term (it stays in the stored source and in the other tiers).
     */
    private static void keyword(Document doc, String field, String value) {
        if (value.length() > MAX_TERM_BYTES / 3 && value.getBytes(StandardCharsets.UTF_8).length > MAX_TERM_BYTES) {
            return;
        }
        doc.add(new StringField(field, value, Field.Store.NO));
    }
}
