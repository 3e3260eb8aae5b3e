package dev.questlog.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.log.ReadRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.duckdb.DuckDBAppender;

/**
 * The {@code failed} files: every rejected event from stream {@code failed-events} (JSON
 * {@code {"app","key_id","received_at","reason","field","index","event_id","raw"}}), filed by app and UTC date
 * received, so rejected data can be inspected and replayed instead of being a dead end.
 */
final class FailedEventsTable implements LakeTable<FailedRow> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    @Override
    public String stream() {
        return "failed-events";
    }

    @Override
    public String prefix() {
        return "failed";
    }

    @Override
    public boolean announced() {
        return false; // the warehouse loads events only; failed files are for inspection and replay
    }

    @Override
    public FailedRow decode(ReadRecord r) {
        try {
            JsonNode n = JSON.readTree(r.value());
            String app = text(n, "app");
            Long received = longOrNull(n, "received_at");
            if (app == null || !APP_NAME.matcher(app).matches() || received == null) {
                return undecodableRow(r);
            }
            Long idx = longOrNull(n, "index");
            return new FailedRow(app, text(n, "key_id"), received,
                    text(n, "reason"), text(n, "field"),
                    idx == null ? null : idx.intValue(), text(n, "event_id"),
                    text(n, "raw"), r.partition(), r.offset());
        } catch (IOException | RuntimeException e) {
            return undecodableRow(r);
        }
    }

    private static FailedRow undecodableRow(ReadRecord r) {
        return new FailedRow(StoredEventDecoder.UNDECODABLE_APP, null, r.timestampMillis(), "undecodable record",
                null, null, null, new String(r.value(), StandardCharsets.UTF_8), r.partition(), r.offset());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static Long longOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isIntegralNumber() && v.canConvertToLong() ? v.asLong() : null;
    }

    @Override
    public boolean undecodable(FailedRow row) {
        return StoredEventDecoder.UNDECODABLE_APP.equals(row.app());
    }

    @Override
    public String stagingColumns() {
        return "(app VARCHAR, key_id VARCHAR, received_at BIGINT, reason VARCHAR, field VARCHAR, idx INTEGER,"
                + " event_id VARCHAR, raw VARCHAR, log_partition INTEGER, log_offset BIGINT)";
    }

    @Override
    public void append(DuckDBAppender a, FailedRow r) throws SQLException {
        a.beginRow();
        Appends.text(a, r.app()).text(r.keyId()).int64(r.receivedAt()).text(r.reason()).text(r.field())
                .int32(r.idx()).text(r.eventId()).text(r.raw()).int32(r.logPartition()).int64(r.logOffset());
        a.endRow();
    }

    @Override
    public String parquetSelect(String table) {
        return "SELECT app, key_id, epoch_ms(received_at) AS received_at, reason, field, idx, event_id, raw,"
                + " log_partition, log_offset FROM " + table + " ORDER BY reason, received_at, log_offset";
    }
}
