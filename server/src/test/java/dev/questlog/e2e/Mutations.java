package dev.questlog.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded generator of hostile {@code POST /v1/events} requests: mutations of valid batches (broken JSON, deep
 * nesting, huge strings and numbers, invalid UTF-8, wrong types, gzip bombs, oversize and truncated bodies, wrong
 * content types and encodings, bad keys). Valid batches are made by the caller; none of these events uses the
 * caller's valid client_id, so the valid events can be counted apart.
 */
final class Mutations {
    /** One request: body bytes, Content-Type (null for none), Content-Encoding (null for none), whether to send a key. */
    record Request(String kind, byte[] body, String contentType, String contentEncoding, boolean withKey) {
    }

    private static final byte[][] BAD_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE2, (byte) 0x82}};
    private static final String[] WRONG_VALUES = {"123", "[]", "{}", "null", "true", "\"\"", "\"x\"", "-1", "1.5e3",
        "\"not-a-uuid\"", "[1,2,3]", "{\"a\":1}", "\"\\u0000\"", "1e99999", "-0", "99999999999999999999999999999"};
    private static final String[] FIELDS = {"event_id", "event_type", "event_timestamp", "client_id", "session_id",
        "level_id", "position_x", "position_y", "sent_at", "app_name", "event_version", "app_version"};
    private static final String[] CONTENT_TYPES = {"text/plain", "application/xml", "image/png", "multipart/form-data",
        "application/json; charset=utf-16", "application/x-www-form-urlencoded", "", "application/jsonx"};

    private final Random random;
    private final long maxBodyBytes;
    private final byte[] gzipBomb;
    private final byte[] oversize;

    Mutations(long seed, long maxBodyBytes) {
        this.random = new Random(seed);
        this.maxBodyBytes = maxBodyBytes;
        byte[] spaces = new byte[(int) Math.min(64L << 20, maxBodyBytes * 8)];
        Arrays.fill(spaces, (byte) ' ');
        spaces[0] = '[';
        this.gzipBomb = gzip(spaces);
        byte[] big = new byte[(int) maxBodyBytes + 4096];
        Arrays.fill(big, (byte) 'a');
        byte[] prefix = ("[{\"event_id\":\"" + UUID.randomUUID() + "\",\"s\":\"").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefix, 0, big, 0, prefix.length);
        this.oversize = big;
    }

    Request next() {
        int kind = random.nextInt(100);
        if (kind < 14) {
            return json("broken-json", brokenJson());
        } else if (kind < 22) {
            return json("deep-nesting", deepNesting());
        } else if (kind < 28) {
            return json("huge-string", hugeString());
        } else if (kind < 38) {
            return json("huge-number", field(pick(new String[] {"event_timestamp", "position_x", "sent_at"}),
                    pick(new String[] {"1e400", "-1e400", "123456789012345678901234567890", "1" + "0".repeat(5000),
                        "0." + "1".repeat(5000), "NaN", "Infinity", "9223372036854775808", "-9223372036854775809"})));
        } else if (kind < 48) {
            return new Request("invalid-utf8", invalidUtf8(), "application/json", null, true);
        } else if (kind < 62) {
            return json("wrong-type", wrongType());
        } else if (kind < 64) {
            return new Request("gzip-bomb", gzipBomb, "application/json", "gzip", true);
        } else if (kind < 65) {
            return new Request("oversize", oversize, "application/json", null, true);
        } else if (kind < 72) {
            byte[] gz = gzip(batch(1 + random.nextInt(5)).getBytes(StandardCharsets.UTF_8));
            return new Request("truncated-gzip", Arrays.copyOf(gz, random.nextInt(gz.length)), "application/json",
                    "gzip", true);
        } else if (kind < 76) {
            return new Request("bad-encoding", bytes(batch(1)), "application/json",
                    pick(new String[] {"br", "deflate", "gzip", "zstd", "compress"}), true);
        } else if (kind < 84) {
            return new Request("wrong-content-type", bytes(batch(2)), pick(CONTENT_TYPES), null, true);
        } else if (kind < 88) {
            return new Request("no-key", bytes(batch(2)), "application/json", null, false);
        } else if (kind < 94) {
            return json("wrong-shape", pick(new String[] {"", "{}", "[]", "null", "42", "\"events\"", "{\"events\":{}}",
                "{\"events\":[1,2]}", "[[[]]]", "[null]", "{\"events\":null}", "\n\n\n", "{\"event\":[]}"}));
        } else {
            return new Request("ndjson-garbage", bytes(batch(3).replace("},{", "}\n{") + "\n{\"x\":"),
                    "application/x-ndjson", null, true);
        }
    }

    private Request json(String kind, String body) {
        return new Request(kind, bytes(body), "application/json", null, true);
    }

    /** A well-formed batch of {@code n} events from fuzz clients (valid until mutated). */
    String batch(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i > 0 ? "," : "").append("{\"event_id\":\"").append(UUID.randomUUID())
                    .append("\",\"event_type\":\"fuzz\",\"event_timestamp\":").append(System.currentTimeMillis())
                    .append(",\"client_id\":\"fuzz-").append(random.nextInt(10)).append("\",\"position_x\":1.5}");
        }
        return b.append(']').toString();
    }

    private String brokenJson() {
        StringBuilder b = new StringBuilder(batch(1 + random.nextInt(4)));
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && b.length() > 1; i++) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.setLength(at); // truncated
                case 1 -> b.deleteCharAt(at);
                case 2 -> b.insert(at, pick(new String[] {"{", "}", "[", "]", ",", ":", "\"", "\\", "'", "\u0000"}));
                default -> b.setCharAt(at, (char) (32 + random.nextInt(95)));
            }
        }
        return b.toString();
    }

    private String deepNesting() {
        int depth = 10 + random.nextInt(random.nextBoolean() ? 100 : 20_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String nested = open.repeat(depth) + "1" + close.repeat(random.nextInt(4) == 0 ? depth / 2 : depth);
        return random.nextBoolean() ? field("deep", nested) : "[" + nested + "]";
    }

    private String hugeString() {
        int length = random.nextInt(10) == 0 ? (int) Math.min(maxBodyBytes - 1024, 2 << 20) : random.nextInt(300_000);
        String s = "x".repeat(length);
        return field(pick(new String[] {"event_type", "client_id", "event_id", "blob", "level_id"}), "\"" + s + "\"");
    }

    private String wrongType() {
        return field(pick(FIELDS), pick(WRONG_VALUES));
    }

    /** One fuzz event with {@code name} set to the raw JSON {@code value}. */
    private String field(String name, String value) {
        String event = batch(1);
        String body = event.substring(1, event.length() - 2) + ",\"" + name + "\":" + value + "}";
        String other = batch(1);
        return "[" + body + (random.nextBoolean() ? "," + other.substring(1, other.length() - 1) : "") + "]";
    }

    private byte[] invalidUtf8() {
        byte[] body = bytes(batch(1 + random.nextInt(3)));
        byte[] bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
        int at = random.nextInt(body.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body, 0, at);
        out.writeBytes(bad);
        out.write(body, at, body.length - at);
        return out.toByteArray();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
