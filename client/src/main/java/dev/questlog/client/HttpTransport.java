package dev.questlog.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs batches to {@code /v1/events} with the JDK's HTTP client and classifies the answer. Used by the sender
 * thread only; {@link #abandon()} and {@link #close()} may be called from any thread.
 */
final class HttpTransport implements AutoCloseable {
    private final HttpClient http;
    private final URI endpoint;
    private final String authorization;
    private final Duration requestTimeout;
    private final boolean gzip;
    private volatile CompletableFuture<HttpResponse<byte[]>> inFlight;
    private volatile boolean abandoned;

    HttpTransport(URI baseUrl, String key, Duration requestTimeout, boolean gzip) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/v1/events");
        this.authorization = "Bearer " + key;
        this.requestTimeout = requestTimeout;
        this.gzip = gzip;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout).build();
    }

    /** Sends one body (already gzipped if this transport gzips); {@code eventIds} name the events, in order. */
    SendOutcome send(byte[] body, List<String> eventIds) {
        if (abandoned) {
            return new SendOutcome.Abandoned();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .header("User-Agent", "questlog-java-sdk")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofByteArray());
        inFlight = future;
        try {
            // The request timeout covers the exchange; the extra second only guards against a stuck client.
            HttpResponse<byte[]> response = future.get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return classify(response, eventIds);
        } catch (CancellationException e) {
            return new SendOutcome.Abandoned();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return new SendOutcome.Abandoned();
        } catch (ExecutionException e) {
            return abandoned ? new SendOutcome.Abandoned()
                    : new SendOutcome.Retryable("network: " + describe(e.getCause()), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new SendOutcome.Retryable("network: no answer within " + requestTimeout, null);
        } finally {
            inFlight = null;
        }
    }

    private static String describe(Throwable t) {
        return t == null ? "unknown error" : t.getClass().getSimpleName() + (t.getMessage() == null ? ""
                : ": " + t.getMessage());
    }

    static SendOutcome classify(HttpResponse<byte[]> response, List<String> eventIds) {
        int status = response.statusCode();
        if (status == 200) {
            return parseAnswer(response.body(), eventIds);
        }
        String reason = "HTTP " + status + errorText(response.body());
        if (status == 429 || status == 408 || status >= 500) {
            Duration retryAfter = response.headers().firstValue("Retry-After").map(HttpTransport::retryAfter)
                    .orElse(null);
            return new SendOutcome.Retryable(reason, retryAfter);
        }
        List<Rejection> listed = status == 400 ? parseAnswer(response.body(), eventIds).rejected() : List.of();
        if (listed.size() == eventIds.size()) {
            return new SendOutcome.Refused(listed);
        }
        List<Rejection> all = new ArrayList<>(eventIds.size());
        for (String id : eventIds) {
            all.add(new Rejection(id, reason));
        }
        return new SendOutcome.Refused(all);
    }

    /** Parses {@code {"accepted":N,"rejected":[{"index":i,"event_id":…,"reason":…}]}}; unknown fields skipped. */
    static SendOutcome.Answered parseAnswer(byte[] body, List<String> eventIds) {
        int accepted = -1;
        int duplicates = 0;
        List<Rejection> rejected = new ArrayList<>();
        try (JsonParser p = EventWriter.JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new SendOutcome.Answered(eventIds.size(), 0, List.of());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("accepted".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    accepted = p.getIntValue();
                } else if ("duplicates".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    duplicates = p.getIntValue();
                } else if ("rejected".equals(name) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        rejected.add(parseRejection(p, eventIds));
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // A 200 means durable, whatever the body says; count everything as accepted rather than resend.
            return new SendOutcome.Answered(eventIds.size(), 0, List.of());
        }
        return new SendOutcome.Answered(accepted < 0 ? eventIds.size() - rejected.size() : accepted, duplicates,
                rejected);
    }

    private static Rejection parseRejection(JsonParser p, List<String> eventIds) throws IOException {
        int index = -1;
        String id = null;
        String reason = "rejected";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("index".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                index = p.getIntValue();
            } else if ("event_id".equals(name) && value == JsonToken.VALUE_STRING) {
                id = p.getText();
            } else if ("reason".equals(name) && value == JsonToken.VALUE_STRING) {
                reason = p.getText();
            } else {
                p.skipChildren();
            }
        }
        if (id == null) {
            id = index >= 0 && index < eventIds.size() ? eventIds.get(index) : "?";
        }
        return new Rejection(id, reason);
    }

    private static String errorText(byte[] body) {
        try (JsonParser p = EventWriter.JSON.createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (p.nextToken() == JsonToken.VALUE_STRING && "error".equals(name)) {
                        return ": " + p.getText();
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the status alone will do
        }
        return "";
    }

    /** Retry-After as delta-seconds or an HTTP date; null when unreadable. */
    static Duration retryAfter(String value) {
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    /** Abandons the request in flight, if any, and refuses new ones; any thread. */
    void abandon() {
        abandoned = true;
        CompletableFuture<HttpResponse<byte[]>> f = inFlight;
        if (f != null) {
            f.cancel(true);
        }
    }

    @Override
    public void close() {
        abandon();
        http.shutdownNow();
    }
}
