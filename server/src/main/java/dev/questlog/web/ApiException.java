package dev.questlog.web;

import java.util.Map;

/**
 * A request that fails with an HTTP status and a reason; {@link ApiServer} answers it as
 * {@code {"error":"<message>", …extra}}. 429 and 503 carry a {@code Retry-After} header.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final Map<String, Object> extra;
    private final long retryAfterSeconds;

    public ApiException(int status, String message) {
        this(status, message, Map.of(), 0);
    }

    /**
     * @param extra             more fields of the JSON answer (e.g. {@code rejected})
     * @param retryAfterSeconds value of {@code Retry-After}, or 0 for none
     */
    public ApiException(int status, String message, Map<String, Object> extra, long retryAfterSeconds) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an ApiException needs a 4xx/5xx status, was " + status);
        }
        this.status = status;
        this.extra = Map.copyOf(extra);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** 429 or 503 with {@code Retry-After}. */
    public static ApiException overloaded(int status, String message, long retryAfterSeconds) {
        return new ApiException(status, message, Map.of(), Math.max(1, retryAfterSeconds));
    }

    public int status() {
        return status;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
