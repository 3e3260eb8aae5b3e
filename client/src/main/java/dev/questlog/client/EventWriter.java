package dev.questlog.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes events as JSON with jackson-core's streaming generator. An event's JSON is written once, without
 * {@code sent_at}; each send splices {@code ,"sent_at":N} before the closing brace, so a retry re-stamps the send
 * time without re-serialising. Thread-safe (no shared mutable state).
 */
final class EventWriter {
    static final JsonFactory JSON = new JsonFactory();

    private EventWriter() {
    }

    /** The event as one JSON object (UTF-8, no line breaks, last byte is '}'). */
    static byte[] write(ClientEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event_id", event.eventId().toString());
            g.writeStringField("event_type", event.eventType());
            g.writeNumberField("event_timestamp", event.eventTimestampMillis());
            for (Map.Entry<String, Object> field : event.fields().entrySet()) {
                g.writeFieldName(field.getKey());
                writeValue(g, field.getValue());
            }
            if (event.seq() > 0) {
                g.writeNumberField("seq", event.seq());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            case Short s -> g.writeNumber(s);
            case Byte b -> g.writeNumber(b);
            case BigInteger b -> g.writeNumber(b);
            case BigDecimal b -> g.writeNumber(b);
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName((String) e.getKey());
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object item : list) {
                    writeValue(g, item);
                }
                g.writeEndArray();
            }
            default -> throw new IllegalStateException("not a frozen JSON value: " + value.getClass());
        }
    }

    /**
     * A request body: a JSON array of the events, each stamped with {@code sent_at}; gzip-compressed (fastest level,
     * as the sender thread's CPU matters more than a few percent of bytes) when {@code gzip}.
     */
    static byte[] body(List<byte[]> events, long sentAtMillis, boolean gzip) {
        byte[] stamp = (",\"sent_at\":" + sentAtMillis + "}").getBytes(StandardCharsets.US_ASCII);
        int size = 2;
        for (byte[] e : events) {
            size += e.length + stamp.length;
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream(gzip ? size / 4 + 64 : size);
        try (OutputStream out = gzip ? new FastGzip(raw) : raw) {
            out.write('[');
            for (int i = 0; i < events.size(); i++) {
                byte[] e = events.get(i);
                if (i > 0) {
                    out.write(',');
                }
                out.write(e, 0, e.length - 1);
                out.write(stamp);
            }
            out.write(']');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return raw.toByteArray();
    }

    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
