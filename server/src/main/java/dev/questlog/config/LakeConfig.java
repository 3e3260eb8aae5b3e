package dev.questlog.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cold tier ("lake"): where Parquet files go and when a batch becomes a file.
 *
 * @param store               {@code local} (a directory under the data directory) or {@code s3}
 * @param s3                  the S3-compatible object store, used when {@code store} is {@code s3}
 * @param batchMaxBytes       a partition's open batches are cut into files once one batch holds this much input JSON
 * @param batchMaxAge         … or once its oldest open batch is this old (injected clock)
 * @param bufferMaxBytes      input held in open batches over all partitions; beyond it the largest partition is cut
 * @param zstdLevel           zstd compression level of the Parquet files (1–22)
 * @param retentionDays       whole date partitions older than this many days are deleted; 0 keeps them forever
 * @param retentionDaysByApp  per-app overrides of {@code retentionDays}
 */
public record LakeConfig(String store, S3 s3, long batchMaxBytes, Duration batchMaxAge, long bufferMaxBytes,
                         int zstdLevel, int retentionDays, Map<String, Integer> retentionDaysByApp) {

    /**
     * @param endpoint                 endpoint URL override ({@code http://host:port}); empty for AWS's default
     * @param bucket                   bucket holding the lake (created if missing)
     * @param region                   signing region
     * @param accessKey                static access key; empty to use the SDK's default credential chain
     * @param secretKey                static secret key
     * @param pathStyle                path-style addressing ({@code endpoint/bucket/key}), needed by most S3 clones
     * @param multipartThresholdBytes  files at least this large are sent as a multipart upload
     * @param partBytes                size of each multipart part
     */
    public record S3(String endpoint, String bucket, String region, String accessKey, String secretKey,
                     boolean pathStyle, long multipartThresholdBytes, long partBytes) {
        public S3 {
            if (partBytes < (5L << 20)) {
                throw new ConfigException("lake.s3.part_bytes must be at least 5MiB (S3's minimum), was " + partBytes);
            }
        }
    }

    static final Setting<String> STORE = Setting.of("lake.store", SettingType.choice("local", "s3"), "local",
            "Object store of the lake: local = <data_dir>/lake, s3 = an S3-compatible service (lake.s3.*).");
    static final Setting<String> S3_ENDPOINT = Setting.of("lake.s3.endpoint", SettingType.string(), "",
            "S3 endpoint URL, e.g. http://minio:9000; empty for AWS's regional endpoint.");
    static final Setting<String> S3_BUCKET = Setting.of("lake.s3.bucket", SettingType.string(), "questlog-lake",
            "Bucket holding the lake; created at start if missing.");
    static final Setting<String> S3_REGION = Setting.of("lake.s3.region", SettingType.string(), "us-east-1",
            "Region used to sign S3 requests.");
    static final Setting<String> S3_ACCESS = Setting.of("lake.s3.access_key", SettingType.string(), "",
            "Static access key; empty uses the AWS SDK's default credential chain.");
    static final Setting<String> S3_SECRET = Setting.of("lake.s3.secret_key", SettingType.string(), "",
            "Static secret key (with lake.s3.access_key).");
    static final Setting<Boolean> S3_PATH_STYLE = Setting.of("lake.s3.path_style", SettingType.bool(), true,
            "Path-style addressing (endpoint/bucket/key), as most S3-compatible servers want.");
    static final Setting<Long> S3_MULTIPART = Setting.of("lake.s3.multipart_threshold",
            SettingType.bytes(5L << 20, 5L << 30), 16L << 20, "Files at least this large are uploaded in parts.");
    static final Setting<Long> S3_PART = Setting.of("lake.s3.part_bytes", SettingType.bytes(5L << 20, 5L << 30),
            8L << 20, "Size of one part of a multipart upload.");
    static final Setting<Long> BATCH_BYTES = Setting.of("lake.batch.max_bytes", SettingType.bytes(1024, 4L << 30),
            128L << 20, "A file is cut once its batch holds this much input (event JSON bytes).");
    static final Setting<Duration> BATCH_AGE = Setting.of("lake.batch.max_age",
            SettingType.duration(Duration.ofMillis(100)), Duration.ofSeconds(60),
            "A file is cut at the latest this long after its first event arrived.");
    static final Setting<Long> BUFFER_BYTES = Setting.of("lake.buffer.max_bytes", SettingType.bytes(1024, 64L << 30),
            256L << 20, "Input held in open batches over all partitions; beyond it the fullest partition is cut.");
    static final Setting<Integer> ZSTD_LEVEL = Setting.of("lake.parquet.zstd_level", SettingType.integer(1, 22), 9,
            "zstd level of the Parquet files: higher is smaller and slower to write.");
    static final Setting<Integer> RETENTION = Setting.of("lake.retention_days", SettingType.integer(0, 1_000_000), 0,
            "Whole date partitions older than this many days are deleted; 0 keeps them forever.");
    static final Setting<List<String>> RETENTION_BY_APP = Setting.of("lake.retention_days_by_app",
            SettingType.stringList(Pattern.compile("[A-Za-z0-9_.-]{1,64}=[0-9]{1,7}")), List.of(),
            "Per-app overrides of lake.retention_days, as app=days (0 = forever).");

    static final List<Setting<?>> SETTINGS = List.of(STORE, S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_ACCESS, S3_SECRET,
            S3_PATH_STYLE, S3_MULTIPART, S3_PART, BATCH_BYTES, BATCH_AGE, BUFFER_BYTES, ZSTD_LEVEL, RETENTION,
            RETENTION_BY_APP);

    public LakeConfig {
        retentionDaysByApp = Map.copyOf(retentionDaysByApp);
    }

    static LakeConfig from(ResolvedSettings s) {
        S3 s3 = new S3(s.get(S3_ENDPOINT), s.get(S3_BUCKET), s.get(S3_REGION), s.get(S3_ACCESS), s.get(S3_SECRET),
                s.get(S3_PATH_STYLE), s.get(S3_MULTIPART), s.get(S3_PART));
        return new LakeConfig(s.get(STORE), s3, s.get(BATCH_BYTES), s.get(BATCH_AGE), s.get(BUFFER_BYTES),
                s.get(ZSTD_LEVEL), s.get(RETENTION), byApp(s.get(RETENTION_BY_APP)));
    }

    private static Map<String, Integer> byApp(List<String> entries) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            out.put(e.substring(0, eq), Integer.parseInt(e.substring(eq + 1)));
        }
        return out;
    }

    /** Retention of one app's date partitions in days; 0 = forever. */
    public int retentionDaysFor(String app) {
        return retentionDaysByApp.getOrDefault(app, retentionDays);
    }

    /** Defaults, for tests and tools. */
    public static LakeConfig defaults() {
        return ConfigLoader.standard().load(java.util.Optional.empty(), Map.of(), Map.of()).lake();
    }

    /** A copy with other batch limits (tests, benchmarks). */
    public LakeConfig withBatch(long maxBytes, Duration maxAge) {
        return new LakeConfig(store, s3, maxBytes, maxAge, bufferMaxBytes, zstdLevel, retentionDays,
                retentionDaysByApp);
    }
}
