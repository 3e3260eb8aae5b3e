package dev.questlog.lake.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One multipart upload of a local file. The object appears only when {@code CompleteMultipartUpload} succeeds; on any
 * failure the upload is aborted so the bucket keeps no orphan parts. One use per instance, one thread.
 */
final class MultipartUpload {
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long partBytes;

    MultipartUpload(S3Client s3, String bucket, String key, long partBytes) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.partBytes = partBytes;
    }

    Void upload(Path source, long size) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try (InputStream in = Files.newInputStream(source)) {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partBytes, number++) {
                int length = (int) Math.min(partBytes, size - offset);
                parts.add(uploadPart(uploadId, number, in.readNBytes(length)));
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            return null;
        } catch (IOException | RuntimeException e) {
            abortQuietly(uploadId, e);
            throw e;
        }
    }

    private CompletedPart uploadPart(String uploadId, int number, byte[] bytes) {
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(bytes)).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    private void abortQuietly(String uploadId, Exception cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
