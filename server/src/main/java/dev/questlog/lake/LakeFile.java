package dev.questlog.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A pointer to one published lake file, as appended to stream {@code lake-files} (JSON, see {@link #toJson()}).
 * The file holds the rows of one (app, date) taken from log offsets {@code firstOffset..lastOffset} (inclusive) of
 * one partition; other files of the same partition may hold other apps' or dates' rows of an overlapping offset
 * interval, but no record is in two files.
 *
 * @param path          object key, {@code events/app=<app>/date=<yyyy-mm-dd>/part-<p>-<first>-<last>.parquet}
 * @param app           the app
 * @param date          UTC date of the rows' event time
 * @param rows          number of rows
 * @param minEventTime  smallest event time in the file, epoch ms
 * @param maxEventTime  largest event time, epoch ms
 * @param partition     log partition the rows came from
 * @param firstOffset   smallest log offset among the rows
 * @param lastOffset    largest log offset among the rows
 * @param bytes         file size in bytes
 */
public record LakeFile(String path, String app, LocalDate date, long rows, long minEventTime, long maxEventTime,
                       int partition, long firstOffset, long lastOffset, long bytes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public LakeFile {
        ObjectStore.checkKey(path);
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(date, "date");
        if (rows <= 0 || partition < 0 || firstOffset < 0 || lastOffset < firstOffset || bytes < 0
                || maxEventTime < minEventTime) {
            throw new IllegalArgumentException("inconsistent lake file " + path + ": rows=" + rows + " partition="
                    + partition + " offsets=" + firstOffset + ".." + lastOffset + " bytes=" + bytes
                    + " event time=" + minEventTime + ".." + maxEventTime);
        }
    }

    /** The object key of a file: {@code <prefix>/app=<app>/date=<date>/part-<p>-<first>-<last>.parquet}. */
    public static String path(String prefix, String app, LocalDate date, int partition, long first, long last) {
        return prefix + "/app=" + app + "/date=" + date + "/part-" + partition + "-" + first + "-" + last + ".parquet";
    }

    /** The pointer JSON of the shared contract (snake_case keys, date as {@code yyyy-mm-dd}). */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(toNode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode toNode() {
        ObjectNode n = JSON.createObjectNode();
        n.put("path", path).put("app", app).put("date", date.toString()).put("rows", rows)
                .put("min_event_time", minEventTime).put("max_event_time", maxEventTime).put("partition", partition)
                .put("first_offset", firstOffset).put("last_offset", lastOffset).put("bytes", bytes);
        return n;
    }

    /** Parses pointer JSON. @throws IllegalArgumentException naming what is missing or wrong */
    public static LakeFile fromJson(byte[] json) {
        try {
            return fromNode(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("lake file pointer is not JSON: " + e.getMessage(), e);
        }
    }

    static LakeFile fromNode(JsonNode n) {
        return new LakeFile(text(n, "path"), text(n, "app"), LocalDate.parse(text(n, "date")), number(n, "rows"),
                number(n, "min_event_time"), number(n, "max_event_time"), (int) number(n, "partition"),
                number(n, "first_offset"), number(n, "last_offset"), number(n, "bytes"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("lake file pointer needs a string '" + field + "', was " + v);
        }
        return v.asText();
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalArgumentException("lake file pointer needs an integer '" + field + "', was " + v);
        }
        return v.asLong();
    }
}
