package dev.questlog.ingest;

import dev.questlog.apps.Principal;
import java.io.InputStream;
import java.util.Objects;

/**
 * One {@code POST /v1/events} as the collector sees it.
 *
 * @param principal       the authenticated producer key
 * @param body            the request body stream (read at most up to the body limit)
 * @param contentLength   the declared length, or -1 when unknown (chunked)
 * @param contentType     the Content-Type header, or null
 * @param contentEncoding the Content-Encoding header, or null
 */
public record IngestRequest(Principal principal, InputStream body, long contentLength, String contentType,
                            String contentEncoding) {
    public IngestRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(body, "body");
    }
}
