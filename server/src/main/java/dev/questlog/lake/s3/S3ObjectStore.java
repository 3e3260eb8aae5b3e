package dev.questlog.lake.s3;

import dev.questlog.config.LakeConfig;
import dev.questlog.lake.ObjectStore;
import dev.questlog.lake.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} in an S3-compatible bucket (AWS SDK v2). S3 makes an object visible only once its PUT (or
 * the completion of its multipart upload) succeeded, which gives {@link #publish} its atomicity; files at least
 * {@code multipart_threshold} large go up in parts, and a failed multipart upload is aborted so no parts linger.
 * Thread-safe (the SDK client is).
 */
public final class S3ObjectStore implements ObjectStore {
    private final S3Client s3;
    private final String bucket;
    private final LakeConfig.S3 config;

    private S3ObjectStore(S3Client s3, LakeConfig.S3 config) {
        this.s3 = s3;
        this.bucket = config.bucket();
        this.config = config;
    }

    /** Connects and creates the bucket if it does not exist. */
    public static ObjectStore open(LakeConfig.S3 config) throws IOException {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .forcePathStyle(config.pathStyle())
                // Only checksum when S3 requires it: many S3-compatible servers reject the newer default trailers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (!config.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(config.endpoint()));
        }
        S3ObjectStore store = new S3ObjectStore(builder.build(), config);
        store.ensureBucket();
        return store;
    }

    private static AwsCredentialsProvider credentials(LakeConfig.S3 config) {
        if (config.accessKey().isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    }

    private void ensureBucket() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            call(() -> s3.createBucket(b -> b.bucket(bucket)));
        } catch (SdkException e) {
            throw new IOException("cannot reach bucket " + location() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(String key, Path source) throws IOException {
        ObjectStore.checkKey(key);
        long size = Files.size(source);
        if (size >= config.multipartThresholdBytes()) {
            call(() -> new MultipartUpload(s3, bucket, key, config.partBytes()).upload(source, size));
        } else {
            call(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(source)));
        }
    }

    @Override
    public void publish(String key, byte[] content) throws IOException {
        ObjectStore.checkKey(key);
        call(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content)));
    }

    @Override
    public void get(String key, Path target) throws IOException {
        try (InputStream in = open(key)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        ObjectStore.checkKey(key);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(location() + "/" + key);
        } catch (SdkException e) {
            throw new IOException("S3 GET " + location() + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try (InputStream in = open(key)) {
            return Optional.of(in.readAllBytes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        List<StoredObject> out = new ArrayList<>();
        call(() -> {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                out.add(new StoredObject(o.key(), o.size()));
            }
            return null;
        });
        return out; // S3 lists in UTF-8 binary key order, which is the order the interface promises
    }

    @Override
    public void delete(String key) throws IOException {
        ObjectStore.checkKey(key);
        call(() -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            size(key);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public long size(String key) throws IOException {
        ObjectStore.checkKey(key);
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(location() + "/" + key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException(location() + "/" + key);
            }
            throw new IOException("S3 HEAD " + location() + "/" + key + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 HEAD " + location() + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return "s3://" + bucket;
    }

    @Override
    public void close() {
        s3.close();
    }

    /** SDK exceptions are unchecked; the interface promises IOException for storage failures. */
    private <T> T call(SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (SdkException e) {
            throw new IOException("S3 request to " + location() + " failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run() throws IOException;
    }
}
