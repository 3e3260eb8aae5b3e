package dev.questlog.warehouse.postgres;

import dev.questlog.config.WarehouseView;
import dev.questlog.warehouse.EventColumns;
import dev.questlog.warehouse.ViewSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL objects of the warm tier. Schema {@code warm} (owner only) holds the base table, the load
 * bookkeeping and the reader-role → app map; schema {@code analytics} holds what readers see: security-barrier views
 * that show only the rows of the app mapped to {@code current_user}.
 */
final class PostgresSchema {
    static final String READERS = "questlog_readers";

    private PostgresSchema() {
    }

    /** A side table in warm and its app-scoped view in analytics, readable by the reader roles. */
    static void createSideTable(Connection conn, dev.questlog.warehouse.SideTable t) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS warm." + t.name() + " (" + t.definition(true) + ")");
            st.execute("CREATE OR REPLACE VIEW analytics." + t.name() + " WITH (security_barrier) AS SELECT * FROM warm."
                    + t.name() + " WHERE app = (SELECT r.app FROM warm.reader_roles r WHERE r.role_name = current_user)");
            st.execute("GRANT SELECT ON analytics." + t.name() + " TO " + READERS);
        }
    }

    /**
     * Tables created before event_id became uuid had it as text: convert it once (a table rewrite; ingest only ever
     * accepted UUIDs). The readers' views depend on the column, so they are dropped here and recreated by the caller.
     */
    private static void migrateEventIdToUuid(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT data_type FROM information_schema.columns WHERE table_schema = "
                + "'warm' AND table_name = 'events_all' AND column_name = 'event_id'")) {
            if (!rs.next() || !rs.getString(1).equals("text")) {
                return;
            }
        }
        st.execute("DROP VIEW IF EXISTS analytics.events CASCADE");
        st.execute("ALTER TABLE warm.events_all ALTER COLUMN event_id TYPE uuid USING event_id::uuid");
    }

    static void create(Connection conn, List<WarehouseView> views) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS warm");
            st.execute("CREATE SCHEMA IF NOT EXISTS analytics");
            st.execute("CREATE TABLE IF NOT EXISTS warm.events_all (" + EventColumns.postgresDefinition() + ")");
            migrateEventIdToUuid(st);
            // Doubles are impossible whatever the dedupe window: the loader's anti-join is backed by this index.
            st.execute("CREATE UNIQUE INDEX IF NOT EXISTS events_all_app_event_id ON warm.events_all (app, event_id)");
            st.execute("CREATE INDEX IF NOT EXISTS events_all_app_date ON warm.events_all (app, event_date)");
            st.execute("CREATE TABLE IF NOT EXISTS warm.loaded_manifests (manifest_id text PRIMARY KEY, "
                    + "loaded_at timestamp NOT NULL DEFAULT now(), files integer NOT NULL, rows_inserted bigint NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS warm.loaded_files (path text PRIMARY KEY, manifest_id text NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS warm.reader_roles (role_name text PRIMARY KEY, app text NOT NULL UNIQUE)");
            st.execute("""
                    DO $$ BEGIN
                      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'questlog_readers') THEN
                        CREATE ROLE questlog_readers NOLOGIN;
                      END IF;
                    END $$""");
            // Readers may create nothing anywhere (PostgreSQL < 15 lets everyone create in public).
            st.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            st.execute("REVOKE ALL ON SCHEMA warm FROM PUBLIC");
            st.execute("GRANT USAGE ON SCHEMA analytics TO " + READERS);
            st.execute("""
                    CREATE OR REPLACE FUNCTION analytics.questlog_try_cast(v text, t text) RETURNS text
                    LANGUAGE plpgsql IMMUTABLE AS $f$
                    BEGIN
                      IF v IS NULL OR t !~ '^[A-Za-z]+( ?\\(\\d+,\\d+\\))?$' THEN RETURN NULL; END IF;
                      EXECUTE format('SELECT %L::%s', v, t);
                      RETURN v;
                    EXCEPTION WHEN others THEN RETURN NULL;
                    END $f$""");
            st.execute("CREATE OR REPLACE VIEW analytics.events WITH (security_barrier) AS SELECT "
                    + EventColumns.names().replaceFirst("^event_id", "event_id::text AS event_id")
                    + " FROM warm.events_all WHERE app = "
                    + "(SELECT r.app FROM warm.reader_roles r WHERE r.role_name = current_user)");
            for (WarehouseView v : views) {
                st.execute("DROP VIEW IF EXISTS analytics." + v.eventType());
                st.execute("CREATE VIEW analytics." + v.eventType() + " WITH (security_barrier) AS "
                        + ViewSql.select(v, "analytics.events", true));
            }
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO " + READERS);
        }
    }
}
