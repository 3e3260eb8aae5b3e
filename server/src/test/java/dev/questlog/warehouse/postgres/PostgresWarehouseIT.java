package dev.questlog.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.config.WarehouseConfig;
import dev.questlog.warehouse.FaultHook;
import dev.questlog.warehouse.LakeRow;
import dev.questlog.warehouse.QueryException;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehouseContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The warehouse contract on a real PostgreSQL started by the suite, one fresh database per test. */
class PostgresWarehouseIT extends WarehouseContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path staging;
    private String url;

    @Override
    protected void prepareEmpty() throws Exception {
        String db = "wh" + DATABASES.incrementAndGet();
        try (Connection c = TestPostgres.get().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        url = TestPostgres.url(db);
    }

    @Override
    protected Warehouse openEngine(WarehouseConfig config, FaultHook hook) {
        return PostgresWarehouse.open(config.withPostgres(url, "postgres", "postgres"),
                InstantSource.fixed(Instant.parse("2026-11-22T12:00:00Z")), hook);
    }

    @Override
    protected Path stagingDir() {
        return staging;
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT * FROM warm.loaded_manifests", "SELECT pg_read_file('/etc/passwd')",
        "CREATE TEMP TABLE t (x int)", "DELETE FROM events"})
    void readerRoleRefusesThroughTheApi(String sql) {
        load(List.of(lake.file(List.of(LakeRow.of(OTHER_APP, id(), T0)))));

        assertThatThrownBy(() -> warehouse.query(APP, sql)).isInstanceOf(QueryException.class);
    }

    @Test
    void theUniqueIndexCatchesDuplicatesBeyondTheDedupeWindow() {
        String a = id();
        load(List.of(lake.file(List.of(LakeRow.of(APP, a, T0)))));
        load(List.of(lake.file(List.of(LakeRow.of(APP, a, T0.plus(java.time.Duration.ofDays(30)))))));

        assertThat(count(APP)).isEqualTo(1);
    }

    @Test
    void aTableWithTextEventIdsIsMigratedToUuidKeepingItsRows() throws Exception {
        prepareEmpty();
        String a = id();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA warm");
            st.execute("CREATE SCHEMA analytics");
            st.execute("CREATE TABLE warm.events_all (" + dev.questlog.warehouse.EventColumns.postgresDefinition()
                    .replaceFirst("^event_id uuid", "event_id text") + ")");
            st.execute("CREATE UNIQUE INDEX events_all_app_event_id ON warm.events_all (app, event_id)");
            st.execute("CREATE VIEW analytics.events AS SELECT * FROM warm.events_all");
            st.execute("INSERT INTO warm.events_all (event_id, event_type, event_time, event_date, received_at, app) "
                    + "VALUES ('" + a + "', 'player_death', '2026-11-22 10:00', '2026-11-22', '2026-11-22 10:00', '"
                    + APP + "')");
        }
        try (Warehouse migrated = openEngine(WarehouseConfig.defaults(), FaultHook.NONE)) {
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                 Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT data_type FROM "
                         + "information_schema.columns WHERE table_name = 'events_all' AND column_name = 'event_id'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("uuid");
            }
            assertThat(migrated.query(APP, "SELECT event_id FROM events").rows()).containsExactly(List.of(a));
            var f = List.of(lake.file(List.of(LakeRow.of(APP, a, T0), LakeRow.of(APP, id(), T0))));
            migrated.load(dev.questlog.warehouse.LakeFixture.manifestOf(f), f);
            assertThat(migrated.countEvents()).isEqualTo(2);
        }
    }

    /**
     * Logs in as the app's reader role directly (the test server trusts local logins) and tries to escalate one
     * statement at a time: only the role's privileges stand in the way.
     */
    @Test
    void readerRoleCannotEscalate() throws Exception {
        load(List.of(lake.file(List.of(LakeRow.of(OTHER_APP, id(), T0), LakeRow.of(APP, id(), T0)))));
        assertThat(count(APP)).isEqualTo(1);

        try (Connection c = DriverManager.getConnection(url, ReaderRoles.roleName(APP), "x");
             Statement st = c.createStatement()) {
            assertThat(countOf(st, "SELECT count(*) FROM events")).isEqualTo(1);
            assertThatThrownBy(() -> st.execute("SET transaction_read_only = off; DELETE FROM events"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> st.execute("SELECT count(*) FROM warm.events_all"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("SET SESSION AUTHORIZATION postgres"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("SET ROLE postgres")).hasMessageContaining("permission denied");
            st.execute("SET ROLE questlog_readers");
            assertThat(countOf(st, "SELECT count(*) FROM events")).isZero();
            st.execute("RESET ROLE");
            assertThatThrownBy(() -> st.execute("CREATE TABLE public.t (x int)")).isInstanceOf(SQLException.class);
        }
        assertThat(warehouse.countEvents()).isEqualTo(2);
    }

    private static long countOf(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
