package dev.questlog.config;

import java.time.Duration;
import java.util.List;

/**
 * The warm tier: the SQL warehouse loaded from the lake, deduplicated on event_id.
 *
 * @param engine             {@code duckdb} (embedded, file under the data directory) or {@code postgres}
 * @param postgresUrl        JDBC URL of the PostgreSQL database (engine postgres)
 * @param postgresUser       owner of the warehouse schema; needs CREATEROLE to make the per-app reader roles
 * @param postgresPassword   its password
 * @param loadMaxAge         a batch of lake files is loaded at the latest when its oldest pointer is this old
 * @param loadMaxFiles       a batch is loaded as soon as it holds this many files
 * @param dedupeWindow       DuckDB's anti-join looks for an event_id in its event date ± this window
 * @param retention          days whose date is older than this (by the injected clock) are deleted
 * @param views              per-event-type views promoting attributes to typed columns (the talk's jsonpaths)
 * @param sqlMaxRows         a query returning more rows than this fails (add a LIMIT)
 * @param sqlTimeout         a query running longer than this is cancelled
 * @param duckdbMemoryLimit  DuckDB buffer pool size in bytes
 * @param duckdbThreads      DuckDB worker threads
 */
public record WarehouseConfig(String engine, String postgresUrl, String postgresUser, String postgresPassword,
                              Duration loadMaxAge, int loadMaxFiles, Duration dedupeWindow, Duration retention,
                              List<WarehouseView> views, int sqlMaxRows, Duration sqlTimeout, long duckdbMemoryLimit,
                              int duckdbThreads) {

    static final Setting<String> ENGINE = Setting.of("warehouse.engine", SettingType.choice("duckdb", "postgres"),
            "duckdb", "Warm tier engine: duckdb = in-process file <data_dir>/warehouse/warm.duckdb; postgres = "
                    + "a PostgreSQL (or protocol-compatible) database at warehouse.postgres.url.");
    static final Setting<String> PG_URL = Setting.of("warehouse.postgres.url", SettingType.string(),
            "jdbc:postgresql://localhost:5432/questlog", "JDBC URL of the PostgreSQL warehouse.");
    static final Setting<String> PG_USER = Setting.of("warehouse.postgres.user", SettingType.string(), "questlog",
            "PostgreSQL user owning the warehouse schema (needs CREATEROLE for the per-app reader roles).");
    static final Setting<String> PG_PASSWORD = Setting.of("warehouse.postgres.password", SettingType.string(), "",
            "Password of warehouse.postgres.user.");
    static final Setting<Duration> MAX_AGE = Setting.of("warehouse.load.max_age",
            SettingType.duration(Duration.ofMillis(10)), Duration.ofSeconds(30),
            "Lake files are loaded at the latest this long after the oldest pending one arrived.");
    static final Setting<Integer> MAX_FILES = Setting.of("warehouse.load.max_files", SettingType.integer(1, 100_000),
            500, "A load starts as soon as this many lake files are pending.");
    static final Setting<Duration> DEDUPE = Setting.of("warehouse.dedupe_window", SettingType.duration(Duration.ZERO),
            Duration.ofDays(7), "DuckDB's anti-join that drops already loaded event_ids looks at each batch event's "
                    + "date ± this window (PostgreSQL dedupes against all loaded events with its unique index on "
                    + "(app, event_id)).");
    static final Setting<Duration> RETENTION = Setting.of("warehouse.retention", SettingType.duration(Duration.ofDays(1)),
            Duration.ofDays(180), "Event dates older than this are deleted from the warm tier (the lake keeps them).");
    static final Setting<List<WarehouseView>> VIEWS = Setting.of("warehouse.views", WarehouseView.listType(), List.of(),
            "Per event type, attributes promoted to typed columns of a view named after the type, e.g. "
                    + "{iap_transaction: [{column: price, path: $.price, type: \"DECIMAL(12,2)\"}]} (quote types with a comma).");
    static final Setting<Integer> SQL_MAX_ROWS = Setting.of("warehouse.sql.max_rows",
            SettingType.integer(1, 10_000_000), 100_000, "A SQL query returning more rows than this fails.");
    static final Setting<Duration> SQL_TIMEOUT = Setting.of("warehouse.sql.timeout",
            SettingType.duration(Duration.ofSeconds(1)), Duration.ofSeconds(60),
            "A SQL query running longer than this is cancelled.");
    static final Setting<Long> DUCKDB_MEMORY = Setting.of("warehouse.duckdb.memory_limit",
            SettingType.bytes(64L << 20, 1L << 40), 2L << 30, "DuckDB buffer pool size.");
    static final Setting<Integer> DUCKDB_THREADS = Setting.of("warehouse.duckdb.threads", SettingType.integer(1, 256),
            2, "DuckDB worker threads.");

    static final List<Setting<?>> SETTINGS = List.of(ENGINE, PG_URL, PG_USER, PG_PASSWORD, MAX_AGE, MAX_FILES, DEDUPE,
            RETENTION, VIEWS, SQL_MAX_ROWS, SQL_TIMEOUT, DUCKDB_MEMORY, DUCKDB_THREADS);

    public WarehouseConfig {
        views = List.copyOf(views);
        if (!engine.equals("duckdb") && !engine.equals("postgres")) {
            throw new ConfigException("warehouse.engine: unknown engine '" + engine + "'; allowed: duckdb, postgres");
        }
        // pgjdbc lets URL parameters override the login passed to it, which would run analysts' queries as the owner.
        if (postgresUrl.matches("(?i).*[?&](user|password)=.*")) {
            throw new ConfigException("warehouse.postgres.url must not carry user or password parameters, was '"
                    + postgresUrl.replaceAll("(?i)password=[^&]*", "password=***")
                    + "'; set warehouse.postgres.user and warehouse.postgres.password");
        }
    }

    static WarehouseConfig from(ResolvedSettings s) {
        return new WarehouseConfig(s.get(ENGINE), s.get(PG_URL), s.get(PG_USER), s.get(PG_PASSWORD), s.get(MAX_AGE),
                s.get(MAX_FILES), s.get(DEDUPE), s.get(RETENTION), s.get(VIEWS), s.get(SQL_MAX_ROWS),
                s.get(SQL_TIMEOUT), s.get(DUCKDB_MEMORY), s.get(DUCKDB_THREADS));
    }

    /** Defaults (embedded DuckDB), for tests and tools. */
    public static WarehouseConfig defaults() {
        return new WarehouseConfig(ENGINE.defaultValue(), PG_URL.defaultValue(), PG_USER.defaultValue(),
                PG_PASSWORD.defaultValue(), MAX_AGE.defaultValue(), MAX_FILES.defaultValue(), DEDUPE.defaultValue(),
                RETENTION.defaultValue(), VIEWS.defaultValue(), SQL_MAX_ROWS.defaultValue(),
                SQL_TIMEOUT.defaultValue(), DUCKDB_MEMORY.defaultValue(), DUCKDB_THREADS.defaultValue());
    }

    /** The same configuration on PostgreSQL at {@code url}. */
    public WarehouseConfig withPostgres(String url, String user, String password) {
        return new WarehouseConfig("postgres", url, user, password, loadMaxAge, loadMaxFiles, dedupeWindow, retention,
                views, sqlMaxRows, sqlTimeout, duckdbMemoryLimit, duckdbThreads);
    }

    public WarehouseConfig withViews(List<WarehouseView> newViews) {
        return new WarehouseConfig(engine, postgresUrl, postgresUser, postgresPassword, loadMaxAge, loadMaxFiles,
                dedupeWindow, retention, newViews, sqlMaxRows, sqlTimeout, duckdbMemoryLimit, duckdbThreads);
    }

    public WarehouseConfig withSqlLimits(int maxRows, Duration timeout) {
        return new WarehouseConfig(engine, postgresUrl, postgresUser, postgresPassword, loadMaxAge, loadMaxFiles,
                dedupeWindow, retention, views, maxRows, timeout, duckdbMemoryLimit, duckdbThreads);
    }

    public WarehouseConfig withLoad(Duration maxAge, int maxFiles) {
        return new WarehouseConfig(engine, postgresUrl, postgresUser, postgresPassword, maxAge, maxFiles,
                dedupeWindow, retention, views, sqlMaxRows, sqlTimeout, duckdbMemoryLimit, duckdbThreads);
    }
}
