package dev.questlog.lake.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.questlog.lake.ObjectStore;
import dev.questlog.lake.ObjectStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The object-store contract against a real S3 API server (s3proxy), one fresh bucket per test. */
class S3ObjectStoreIT extends ObjectStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected ObjectStore openStore() throws Exception {
        return S3ObjectStore.open(server.config("lake-" + BUCKETS.incrementAndGet()));
    }

    @Test
    void reportsItsBucket() {
        assertThat(store.location()).startsWith("s3://lake-");
    }
}
