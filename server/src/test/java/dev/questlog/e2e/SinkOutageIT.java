package dev.questlog.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.questlog.testkit.RunningServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sink outages while producers keep sending: PostgreSQL as the warm engine (embedded, its own data directory and
 * port), and the S3 API server of the lake (s3proxy; its blob store outlives the proxy, like a disk). Ingest keeps
 * acknowledging (the stream buffers); once the sink is back on the same port with its data, the lake and the
 * warehouse catch up with every acknowledged event exactly once. Each outage lasts 10 s
 * ({@code -Dquestlog.e2e.long=true}: 60 s).
 */
@Tag("e2e")
class SinkOutageIT {
    private static final long OUTAGE_MILLIS = Boolean.getBoolean("questlog.e2e.long") ? 60_000 : 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCESS_KEY = "outage-access";
    private static final String SECRET_KEY = "outage-secret";

    @TempDir
    Path tmp;

    @Test
    void ingestKeepsAcknowledgingThroughAPostgresOutageAndTheWarehouseCatchesUp() throws Exception {
        int port = ChildServer.freePort();
        Path pgData = tmp.resolve("pg");
        Sink postgres = new Sink() {
            private EmbeddedPostgres pg;

            @Override
            public void start() throws IOException {
                pg = EmbeddedPostgres.builder().setPort(port).setDataDirectory(pgData).setCleanDataDirectory(false)
                        .start();
            }

            @Override
            public void stop() throws IOException {
                pg.close();
            }
        };
        Figures.record("postgres_outage", throughAnOutageOf(postgres, Map.of("warehouse.engine", "postgres",
                "warehouse.postgres.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "warehouse.postgres.user", "postgres", "warehouse.postgres.password", "postgres")));
    }

    @Test
    void ingestKeepsAcknowledgingThroughAnS3OutageAndTheLakeAndWarehouseCatchUp() throws Exception {
        URI endpoint = URI.create("http://127.0.0.1:" + ChildServer.freePort());
        BlobStore blobs = new TransientNio2BlobStore(); // outlives the proxy: the S3 server's disk
        Sink s3 = new Sink() {
            private S3Proxy proxy;

            @Override
            public void start() throws Exception {
                proxy = startS3(blobs, endpoint);
            }

            @Override
            public void stop() throws Exception {
                proxy.stop();
            }
        };
        Figures.record("s3_outage", throughAnOutageOf(s3, Map.of("lake.store", "s3",
                "lake.s3.endpoint", endpoint.toString(), "lake.s3.bucket", "outage-lake",
                "lake.s3.access_key", ACCESS_KEY, "lake.s3.secret_key", SECRET_KEY)));
        assertThat(blobs.list("outage-lake").contents().size()).as("lake objects in the bucket").isPositive();
    }

    /** A server the pipeline writes to, that can be stopped and started again with its data on the same port. */
    private interface Sink {
        void start() throws Exception;

        void stop() throws Exception;
    }

    /**
     * Runs a server with {@code sinkSettings} while posting, stops the sink for the outage while posting on, starts
     * it again and checks that the warehouse ends up with every acknowledged event exactly once; returns the figures.
     */
    private Map<String, Object> throughAnOutageOf(Sink sink, Map<String, String> sinkSettings) throws Exception {
        Map<String, String> settings = new HashMap<>(sinkSettings);
        settings.putAll(Map.of("lake.batch.max_age", "1s", "warehouse.load.max_age", "1s",
                "ingest.client_rate_per_second", "0"));
        List<String> acked = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        sink.start();
        try (RunningServer s = RunningServer.start(tmp.resolve("data"), settings, InstantSource.system())) {
            for (int i = 0; i < 10; i++) {
                post(s, acked);
            }
            awaitWarm(s, acked);

            sink.stop();
            int beforeOutage = acked.size();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OUTAGE_MILLIS);
            while (System.nanoTime() < end) {
                post(s, acked);
                Thread.sleep(100);
            }
            int duringOutage = acked.size() - beforeOutage;
            sink.start();
            for (int i = 0; i < 10; i++) {
                post(s, acked);
            }
            Map<String, Long> warm = awaitWarm(s, acked);
            assertThat(warm.keySet()).isEqualTo(new java.util.HashSet<>(acked)); // Set equality: AssertJ's element-wise compare is quadratic
            assertThat(warm.values()).as("rows per event_id").allMatch(n -> n == 1);
            figures.put("outage_seconds", OUTAGE_MILLIS / 1000);
            figures.put("acknowledged", acked.size());
            figures.put("acknowledged_during_outage", duringOutage);
            figures.put("warm_after_catch_up", warm.size());
            figures.put("lost", acked.stream().filter(id -> !warm.containsKey(id)).count());
            figures.put("duplicated", warm.values().stream().filter(n -> n > 1).count());
        } finally {
            sink.stop();
        }
        return figures;
    }

    private static S3Proxy startS3(BlobStore blobs, URI endpoint) throws Exception {
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        for (int i = 0; i < 1000 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        assertThat(proxy.getState()).isEqualTo("STARTED");
        return proxy;
    }

    /** Posts 25 valid events, of which 3 re-sent from earlier batches; the answer must be 200. */
    private static void post(RunningServer s, List<String> acked) {
        List<String> batch = new ArrayList<>();
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 25; i++) {
            boolean resend = i < 3 && acked.size() > 100;
            String id = resend ? acked.get(acked.size() - 1 - i * 37) : UUID.randomUUID().toString();
            if (!resend) {
                batch.add(id);
            }
            b.append(i > 0 ? "," : "").append(RunningServer.event(id, "player_death", "outage-" + (i % 5), null));
        }
        HttpResponse<String> r = s.postJson("/v1/events", s.serverKey(), b.append(']').toString());
        assertThat(r.statusCode()).as("ingest acknowledges whatever the warehouse does: %s", r.body()).isEqualTo(200);
        acked.addAll(batch);
    }

    private static Map<String, Long> awaitWarm(RunningServer s, List<String> acked) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Map<String, Long> counts = Map.of();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = s.postJson("/v1/sql", s.analystKey(),
                    "{\"sql\":\"SELECT event_id, count(*) FROM events GROUP BY event_id\"}");
            if (r.statusCode() == 200) {
                counts = new HashMap<>();
                for (JsonNode row : JSON.readTree(r.body()).path("rows")) {
                    counts.put(row.get(0).asText(), row.get(1).asLong());
                }
                if (counts.keySet().containsAll(acked)) {
                    return counts;
                }
            }
            Thread.sleep(500);
        }
        assertThat(counts.keySet()).as("warm holds every acknowledged event").containsAll(acked);
        return counts;
    }
}
