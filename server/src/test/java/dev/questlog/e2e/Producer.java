package dev.questlog.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A game server that keeps sending batches of {@code player_death} events with known event_ids, about 10% of each
 * batch re-sent from earlier batches, and records what the server acknowledged. Like a real producer it keeps a
 * batch that failed (error status or broken connection) and sends it again later. The target is read on every request
 * ({@code target}), so the test can swap the server underneath.
 */
final class Producer implements Runnable {
    static final int CLIENTS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<ChildServer> target;
    private final String key;
    private final Random random;
    private final int batchSize;
    private final List<String> sentIds = new ArrayList<>();
    private final ConcurrentHashMap<String, String> events = new ConcurrentHashMap<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    private final Deque<List<String>> retries = new ArrayDeque<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong failedRequests = new AtomicLong();
    final AtomicLong eventsPosted = new AtomicLong();
    private volatile boolean stop;

    Producer(Supplier<ChildServer> target, String key, long seed, int batchSize) {
        this.target = target;
        this.key = key;
        this.random = new Random(seed);
        this.batchSize = batchSize;
    }

    @Override
    public void run() {
        while (!stop) {
            List<String> batch = retries.isEmpty() ? nextBatch() : retries.poll();
            if (!post(batch)) {
                retries.add(batch);
                pause(50);
            }
            pause(10);
        }
    }

    void stop() {
        stop = true;
    }

    /** Sends every failed batch again until each is acknowledged (call after {@link #stop()} and joining). */
    void drainRetries() {
        int attempts = 0;
        while (!retries.isEmpty()) {
            if (post(retries.peek())) {
                retries.poll();
            } else if (++attempts > 600) {
                throw new IllegalStateException("retries not acknowledged: " + retries.size() + " batches left");
            } else {
                pause(100);
            }
        }
    }

    private List<String> nextBatch() {
        List<String> batch = new ArrayList<>(batchSize);
        int resends = sentIds.isEmpty() ? 0 : batchSize / 10;
        for (int i = 0; i < resends; i++) {
            batch.add(sentIds.get(random.nextInt(sentIds.size())));
        }
        while (batch.size() < batchSize) {
            String id = UUID.randomUUID().toString();
            events.put(id, event(id, "player-" + random.nextInt(CLIENTS)));
            sentIds.add(id);
            batch.add(id);
        }
        return batch;
    }

    private String event(String id, String client) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"player_death\",\"event_timestamp\":"
                + System.currentTimeMillis() + ",\"client_id\":\"" + client + "\",\"level_id\":\"arena\","
                + "\"position_x\":" + random.nextInt(1000) + ",\"position_y\":" + random.nextInt(1000) + "}";
    }

    /** True when the server answered 200; the events not listed as rejected are then acknowledged. */
    private boolean post(List<String> batch) {
        StringBuilder body = new StringBuilder("[");
        for (String id : batch) {
            body.append(body.length() > 1 ? "," : "").append(events.get(id));
        }
        requests.incrementAndGet();
        eventsPosted.addAndGet(batch.size());
        try {
            HttpResponse<String> r = target.get().send("POST", "/v1/events", key, body.append(']').toString());
            if (r.statusCode() != 200) {
                return failed(batch);
            }
            Set<Integer> rejected = new HashSet<>();
            for (JsonNode rej : JSON.readTree(r.body()).path("rejected")) {
                rejected.add(rej.path("index").asInt());
            }
            if (!rejected.isEmpty()) {
                throw new IllegalStateException("valid events rejected: " + r.body());
            }
            acked.addAll(batch);
            return true;
        } catch (UncheckedIOException | java.io.IOException e) {
            return failed(batch);
        }
    }

    private boolean failed(List<String> batch) {
        failedRequests.incrementAndGet();
        batch.stream().filter(id -> !acked.contains(id)).forEach(failedOnce::add);
        return false;
    }

    Set<String> sent() {
        return Set.copyOf(events.keySet());
    }

    Set<String> acked() {
        return Set.copyOf(acked);
    }

    /** Events that got an error or a broken connection at least once before any acknowledgement. */
    Set<String> failedBeforeAck() {
        return Set.copyOf(failedOnce);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
