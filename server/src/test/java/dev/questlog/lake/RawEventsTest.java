package dev.questlog.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.client.RequestBodies;
import dev.questlog.event.BodyFormat;
import dev.questlog.event.EventParser;
import dev.questlog.event.Outcome;
import dev.questlog.event.ParserLimits;
import dev.questlog.event.StoredEvent;
import dev.questlog.event.Trust;
import dev.questlog.log.ReadRecord;
import dev.questlog.sim.GameModel;
import dev.questlog.sim.SimEvent;
import dev.questlog.sim.SimulationOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake gives back every event's original text byte for byte, whether the file stores it ({@code raw}) or
 * rebuilds it ({@link RawEvents}): the simulator's traffic as the SDK sends it, and hand-made events that no
 * rebuild can reproduce.
 */
class RawEventsTest {
    private static final long NOW = Instant.parse("2026-11-22T12:00:00Z").toEpochMilli();
    private static final String ID = "\"event_id\":\"0193a5f2-7c1e-7d3a-9b2c-4f5e6a7b8c9d\"";
    private static final String TYPE = "\"event_type\":\"player_death\"";
    private static final String TS = "\"event_timestamp\":" + (NOW - 1000);
    private static final String MIN = ID + "," + TYPE + "," + TS;

    @TempDir
    Path temp;

    private final EventParser parser = new EventParser(ParserLimits.defaults(), InstantSource.fixed(
            Instant.ofEpochMilli(NOW)));

    @Test
    void theSimulatorsTrafficIsRebuiltExactlyWithoutStoringRaw() throws Exception {
        GameModel model = new GameModel(SimulationOptions.defaults().withSeed(7), NOW - Duration.ofHours(1).toMillis());
        List<byte[]> originals = new ArrayList<>();
        while (originals.size() < 100_000) {
            List<byte[]> request = new ArrayList<>();
            long sentAt = 0;
            while (request.size() < 100) {
                SimEvent e = model.next();
                if (e.kind() == SimEvent.Kind.NORMAL) {
                    request.add(e.event().toJson());
                    sentAt = e.event().eventTimestampMillis() + 120;
                }
            }
            originals.addAll(valid(RequestBodies.batch(request, sentAt, false)));
        }

        List<Read> back = writeAndRead(originals);

        assertExact(originals, back);
        assertThat(back.stream().filter(Read::stored).count()).as("events stored as raw text").isZero();
    }

    @Test
    void oddEventsComeBackExactlyWhetherStoredOrRebuilt() throws Exception {
        List<String> odd = List.of(
                "{" + MIN + "}",
                "{" + TS + "," + TYPE + ",\"weapon\":\"axe\"," + ID + ",\"client_id\":\"c-1\"}",
                "{" + MIN + ",\"position_x\":1.50,\"position_y\":1e3,\"position_z\":-0.0}",
                "{" + MIN + ",\"position_x\":10,\"position_y\":12.25,\"position_z\":1.0E7}",
                "{" + MIN + ",\"position_x\":0.001,\"position_y\":123456.789,\"position_z\":-7.5}",
                "{" + MIN + ",\"price\":1.50,\"big\":12345678901234567890,\"tiny\":1e-7,\"neg\":-0,\"exp\":2E+3}",
                "{" + MIN + ",\"name\":\"caf\\u00e9 \\/ \\\"quoted\\\" \\n\\t\",\"plain\":\"a,\\\"b\\\":c\"}",
                "{" + MIN + ",\"client_id\":\"sp\u00e9cial \u65e5\u672c \ud83c\udfae\",\"emoji\":\"\ud83d\udca5\"}",
                "{" + MIN.replace("0193a5f2-7c1e-7d3a-9b2c-4f5e6a7b8c9d", "0193A5F2-7C1E-7D3A-9B2C-4F5E6A7B8C9D") + "}",
                "{ " + ID + " ,\n\t" + TYPE + ",  " + TS + " }",
                "{" + MIN + ",\"client_id\":null,\"level_id\":\"l1\"}",
                "{" + MIN + ",\"gone\":null,\"flag\":true,\"off\":false,\"list\":[1, 2.0,\"x\"],\"obj\":{\"b\":1,\"a\":{}}}",
                "{" + MIN + ",\"nested\":{\"deep\":[[[[[[{\"k\":[1,{\"z\":\"\\u0000\"}]}]]]]]]}}",
                "{\"app_name\":\"arena\"," + MIN + ",\"app_version\":\"1.0\",\"event_version\":\"2\",\"session_id\":\"s\","
                        + "\"level_id\":\"l\",\"sent_at\":" + (NOW - 500) + "}",
                "{\"sent_at\":" + (NOW - 500) + ",\"a\":1," + MIN + ",\"b\":2,\"position_x\":3.5,\"c\":3}",
                "{" + MIN + ",\"seq\":1,\"seq2\":1.0,\"x\":\"\",\"y\":[],\"z\":{}}",
                "{" + MIN + ",\"same\":{\"k\":1,\"k\":2}}",
                "{" + MIN + ",\"huge\":1e400,\"long\":-9223372036854775809}",
                "{" + MIN + ",\"deepest\":" + "[".repeat(30) + "1" + "]".repeat(30) + "}",
                "{" + MIN + ",\"a\":\"\u65e5\u672c \u00e9\",\"position_x\":1.5,\"b\":\"\ud83c\udfae\",\"client_id\":\"c\",\"c\":3,"
                        + "\"level_id\":\"l\",\"d\":4}",
                "{" + MIN + ",\"a\":\"x,\\\"b\\\":1\",\"position_x\":1.5,\"b\":2}");
        List<byte[]> originals = new ArrayList<>();
        for (String o : odd) {
            originals.addAll(valid(("[" + o + "]").getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(originals).as("every hand-made event is valid").hasSize(odd.size());

        List<Read> back = writeAndRead(originals);

        assertExact(originals, back);
        assertThat(back.get(0).stored()).as("a plain event needs no raw text").isFalse();
        assertThat(back.get(1).stored()).as("another field order is a layout, not raw text").isFalse();
        assertThat(back.get(2).stored()).as("1.50 cannot be rebuilt from a DOUBLE").isTrue();
        assertThat(back.get(8).stored()).as("an upper-case id is stored lower-case").isTrue();
        assertThat(back.get(9).stored()).as("whitespace between fields is part of the layout").isFalse();
        assertThat(back.get(10).stored()).as("a null envelope field is rebuilt as null").isFalse();
    }

    @Test
    void duplicateKeysNeverReachTheLake() {
        byte[] body = ("[{" + MIN + ",\"k\":1,\"k\":2}]").getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(body, BodyFormat.AUTO).outcomes()).allMatch(o -> o instanceof Outcome.Invalid);
    }

    private List<byte[]> valid(byte[] body) {
        List<byte[]> out = new ArrayList<>();
        for (Outcome o : parser.parse(body, BodyFormat.AUTO).outcomes()) {
            if (o instanceof Outcome.Valid v) {
                out.add(v.raw());
            }
        }
        return out;
    }

    /** What a reader gets back for the event at log offset {@code offset}, and whether the file stored it. */
    private record Read(long offset, String original, boolean stored) {
    }

    /** Stores each event as the collector does (original bytes embedded), writes one lake file, reads it back. */
    private List<Read> writeAndRead(List<byte[]> originals) throws Exception {
        EventsTable table = new EventsTable();
        Path file = temp.resolve("events.parquet");
        try (ParquetStaging staging = ParquetStaging.open(temp.resolve("work"), 9, table.setupSql())) {
            ParquetStaging.Staged staged = staging.create(table);
            for (int i = 0; i < originals.size(); i++) {
                EventRow row = table.decode(new ReadRecord(0, i, NOW, new byte[0], stored(originals.get(i)), Map.of()));
                assertThat(StoredEventDecoder.isUndecodable(row)).isFalse();
                table.append(staged.appender(), row);
            }
            staging.writeParquet(staged, table, file);
        }
        List<Read> back = new ArrayList<>();
        for (List<Object> r : LakeFiles.query("SELECT log_offset, " + RawEvents.original() + ", raw IS NOT NULL"
                + " FROM (" + LakeEvents.decoded("read_parquet('" + file + "')") + ") ORDER BY log_offset")) {
            back.add(new Read((Long) r.get(0), (String) r.get(1), (Boolean) r.get(2)));
        }
        return back;
    }

    private static byte[] stored(byte[] raw) {
        StoredEvent s = StoredEvent.of("arena", NOW, Trust.CLIENT, "k1", dev.questlog.event.EventJson.read(raw));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"app\":\"arena\",\"received_at\":" + NOW + ",\"trust\":\"client\",\"key_id\":\"k1\","
                + "\"event_time\":" + s.eventTime() + ",\"event\":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.write('}');
        return out.toByteArray();
    }

    private static void assertExact(List<byte[]> originals, List<Read> back) {
        assertThat(back).hasSize(originals.size());
        for (int i = 0; i < originals.size(); i++) {
            assertThat(back.get(i).offset()).isEqualTo(i);
            assertThat(back.get(i).original()).as("event %d", i)
                    .isEqualTo(new String(originals.get(i), StandardCharsets.UTF_8));
        }
    }
}
