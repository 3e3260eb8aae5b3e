package dev.questlog.ingest;

import dev.questlog.event.BodyFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body into memory under a hard cap on its decompressed size: a gzip bomb is stopped as soon as
 * its output passes the cap (413), never inflated in full. Chooses the body format from the Content-Type (415 for
 * types that hold no events). Stateless.
 */
final class BodyDecoder {
    /** A decoded body: {@code bytes[0, length)} in {@code format}. */
    record Body(byte[] bytes, int length, BodyFormat format) {
    }

    private BodyDecoder() {
    }

    static BodyFormat format(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return BodyFormat.AUTO;
        }
        String mime = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (mime) {
            case "application/json", "text/json" -> BodyFormat.JSON;
            case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines" ->
                    BodyFormat.NDJSON;
            default -> throw new IngestException(415, "unsupported Content-Type '" + contentType
                    + "'; use application/json (array or {\"events\":[…]}) or application/x-ndjson");
        };
    }

    static Body read(InputStream in, long contentLength, String contentType, String contentEncoding, long maxBytes) {
        BodyFormat format = format(contentType);
        boolean gzip = isGzip(contentEncoding);
        if (!gzip && contentLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream body = gzip ? new GZIPInputStream(in, 64 * 1024) : in) {
            int initial = (int) Math.min(maxBytes + 1, contentLength > 0 ? contentLength + 1 : 64 * 1024);
            byte[] buf = new byte[Math.max(initial, 1024)];
            int len = 0;
            while (true) {
                if (len == buf.length) {
                    if (len > maxBytes) {
                        throw tooLarge(maxBytes);
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(maxBytes + 1, (long) buf.length * 2));
                }
                int n = body.read(buf, len, buf.length - len);
                if (n < 0) {
                    break;
                }
                len += n;
                if (len > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            }
            return new Body(buf, len, format);
        } catch (ZipException | java.io.EOFException e) {
            throw new IngestException(400, "Content-Encoding gzip, but the body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            if (timedOut(e)) {
                throw new IngestException(408, "the request body stalled past the idle timeout");
            }
            throw new IngestException(400, "could not read the request body: " + e.getMessage());
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isGzip(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()
                || contentEncoding.strip().equalsIgnoreCase("identity")) {
            return false;
        }
        if (contentEncoding.strip().equalsIgnoreCase("gzip") || contentEncoding.strip().equalsIgnoreCase("x-gzip")) {
            return true;
        }
        throw new IngestException(415, "unsupported Content-Encoding '" + contentEncoding + "'; use gzip or none");
    }

    private static IngestException tooLarge(long maxBytes) {
        return new IngestException(413, "request body exceeds " + maxBytes + " bytes (after decompression)");
    }
}
