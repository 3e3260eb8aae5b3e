package dev.questlog.bench;

import dev.questlog.event.BodyFormat;
import dev.questlog.event.Event;
import dev.questlog.event.EventJson;
import dev.questlog.event.EventParser;
import dev.questlog.event.ParsedBatch;
import dev.questlog.event.ParserLimits;
import dev.questlog.event.StoredEvent;
import dev.questlog.event.StoredEventCodec;
import dev.questlog.event.Trust;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.UUID;

/**
 * Single-thread throughput of the event model's hot paths on ~250-byte events: parsing 500-event request bodies
 * (array and NDJSON), writing events, encoding and decoding stored events. A plain timing loop with warm-up; run:
 * {@code ./mvnw -q -pl bench -am package -DskipTests && java -cp 'bench/target/questlog-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*' dev.questlog.bench.EventCodecBench [SECONDS [scan]]}
 * ({@code scan}: only the collector's parse path).
 */
public final class EventCodecBench {
    private static final int BATCH = 500;
    private static final long NOW = Instant.parse("2026-01-15T12:00:00Z").toEpochMilli();

    private EventCodecBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        EventParser parser = new EventParser(ParserLimits.defaults(), InstantSource.fixed(Instant.ofEpochMilli(NOW)));
        StringBuilder array = new StringBuilder("[");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < BATCH; i++) {
            String e = event(i);
            array.append(i == 0 ? "" : ",").append(e);
            lines.append(e).append('\n');
        }
        byte[] arrayBody = array.append(']').toString().getBytes(StandardCharsets.UTF_8);
        byte[] ndjsonBody = lines.toString().getBytes(StandardCharsets.UTF_8);
        ParsedBatch parsed = parser.parse(arrayBody, BodyFormat.AUTO);
        if (parsed.validCount() != BATCH) {
            throw new IllegalStateException("bench events must be valid: " + parsed.invalid());
        }
        Event[] events = parsed.valid().stream().map(v -> v.event()).toArray(Event[]::new);
        byte[][] stored = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            stored[i] = StoredEvent.encode(StoredEvent.of("game", NOW, Trust.CLIENT, "k1", events[i]));
        }
        System.out.printf(Locale.ROOT, "event size %.0f bytes, stored %.0f bytes, %s, %d cores%n",
                (double) arrayBody.length / BATCH, avgLen(stored), Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        // The collector's path (EventParser.scan). The same events with one escape each (\\u005f for the '_' of
        // map_name) are not plain, so the scan reads them with Jackson: the two lines compare its two readers.
        byte[] escapedBody = new String(arrayBody, StandardCharsets.UTF_8).replace("map_name", "map\\u005fname")
                .getBytes(StandardCharsets.UTF_8);
        report("scan array body", seconds, () -> parser.scan(arrayBody, 0, arrayBody.length, BodyFormat.JSON).size());
        report("scan NDJSON body", seconds,
                () -> parser.scan(ndjsonBody, 0, ndjsonBody.length, BodyFormat.NDJSON).size());
        report("scan, Jackson path", seconds,
                () -> parser.scan(escapedBody, 0, escapedBody.length, BodyFormat.JSON).size());
        if (args.length > 1 && args[1].equals("scan")) {
            return;
        }
        com.fasterxml.jackson.core.JsonFactory jf = new com.fasterxml.jackson.core.JsonFactory();
        report("Jackson tokens only", seconds, () -> {
            // Baseline: one streaming parser over the array body, every token read, strings and numbers decoded.
            int n = 0;
            try (com.fasterxml.jackson.core.JsonParser p = jf.createParser(arrayBody)) {
                com.fasterxml.jackson.core.JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                        n += p.getText().length() > 0 ? 0 : 1;
                    } else if (t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT) {
                        n += p.getDoubleValue() > 0 ? 0 : 1;
                    } else if (t == com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
                        n++;
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return BATCH;
        });
        report("parse array body", seconds, () -> parser.parse(arrayBody, BodyFormat.AUTO).size());
        report("parse NDJSON body", seconds, () -> parser.parse(ndjsonBody, BodyFormat.AUTO).size());
        report("EventJson.write", seconds, () -> {
            int n = 0;
            for (Event e : events) {
                n += EventJson.write(e).length > 0 ? 1 : 0;
            }
            return n;
        });
        report("StoredEvent.encode", seconds, () -> {
            int n = 0;
            for (Event e : events) {
                n += StoredEvent.encode(StoredEvent.of("game", NOW, Trust.CLIENT, "k1", e)).length > 0 ? 1 : 0;
            }
            return n;
        });
        report("Encoder.encode", seconds, () -> {
            // One encoder per batch, as the collector would use it.
            StoredEventCodec.Encoder encoder = new StoredEventCodec.Encoder();
            int n = 0;
            for (Event e : events) {
                n += encoder.encode(StoredEvent.of("game", NOW, Trust.CLIENT, "k1", e)).length > 0 ? 1 : 0;
            }
            return n;
        });
        report("StoredEvent.decode", seconds, () -> {
            int n = 0;
            for (byte[] s : stored) {
                n += StoredEvent.decode(s).receivedAt() == NOW ? 1 : 0;
            }
            return n;
        });
    }

    private static String event(int i) {
        return "{\"event_version\":\"1.0\",\"event_id\":\"" + new UUID(i * 7919L, i) + "\","
                + "\"event_timestamp\":" + (NOW - 1000 + i) + ",\"event_type\":\"player_death\",\"app_name\":\"game_name\","
                + "\"app_version\":\"1.0\",\"client_id\":\"" + new UUID(42, i % 50) + "\",\"level_id\":\"map_name\","
                + "\"position_x\":" + (i % 1000) / 10.0 + ",\"position_y\":39.192,\"weapon\":\"rifle\",\"hp\":0}";
    }

    private static double avgLen(byte[][] a) {
        long n = 0;
        for (byte[] b : a) {
            n += b.length;
        }
        return (double) n / a.length;
    }

    private static void report(String name, double seconds, java.util.function.IntSupplier op) {
        run(op, seconds / 2);
        long[] r = run(op, seconds);
        System.out.printf(Locale.ROOT, "%-20s %,12.0f events/s per CPU-second (%,.0f per wall second; %.0f ns CPU"
                + " per event)%n", name, r[0] * 1e9 / r[2], r[0] * 1e9 / r[1], (double) r[2] / r[0]);
    }

    /**
     * Counts CPU time of this thread besides wall time: the machine is shared, so CPU time is the figure that
     * compares across runs.
     *
     * @return {events, wall nanos, cpu nanos}
     */
    private static long[] run(java.util.function.IntSupplier op, double seconds) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long events = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            events += op.getAsInt();
            now = System.nanoTime();
        } while (now < end);
        return new long[] {events, now - start, threads.getCurrentThreadCpuTime() - cpuStart};
    }
}
