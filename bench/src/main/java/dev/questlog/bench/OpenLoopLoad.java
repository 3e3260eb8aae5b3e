package dev.questlog.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load generator for {@code POST /v1/events}, run as its own JVM by {@link IngestBench}: sends batches at
 * a fixed rate whatever the server does, and measures each request's latency from the time it was <em>scheduled</em>
 * to be sent, so a stall of the server (or of this generator) shows as latency instead of silently lowering the rate
 * (no coordinated omission). The schedule is one request every {@code 1 / rate}; a pool of persistent HTTP/1.1
 * connections (plain blocking sockets, one thread each) takes the due requests from a queue; when all of them are
 * busy, due requests wait in the queue and that wait counts.
 *
 * <p>Usage: {@code OpenLoopLoad --url URL --key KEY --events-per-second R --seconds S [--warmup S] [--connections C]
 * [--run N]}
 * ({@code run}: 16 bits that go into every event_id, distinct per run against one server). Prints one
 * line {@code QUESTLOG key=value …} with the counts, the latency percentiles in microseconds and the CPU time this
 * JVM used.
 */
public final class OpenLoopLoad {
    private static final long POISON = Long.MIN_VALUE;

    private final URI uri;
    private final byte[] head;
    private final Batches batches;
    private final BlockingQueue<Long> due = new ArrayBlockingQueue<>(1 << 16);
    private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    /** Requests scheduled before this (nanoTime) are the warm-up: sent, but not counted. */
    private volatile long measureFrom = Long.MAX_VALUE;

    private OpenLoopLoad(URI uri, String key, int run) {
        this.uri = uri;
        this.batches = new Batches(run);
        this.head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: ")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = IngestBench.options(args);
        OpenLoopLoad load = new OpenLoopLoad(URI.create(o.get("url")), o.get("key"),
                Integer.parseInt(o.getOrDefault("run", "0")));
        double eventsPerSecond = Double.parseDouble(o.get("events-per-second"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "10"));
        int connections = Integer.parseInt(o.getOrDefault("connections", "64"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "3"));
        long cpu0 = cpuNanos();
        double elapsed = load.run(eventsPerSecond / IngestBench.EVENTS_PER_BATCH, warmup, seconds, connections);
        long cpu = cpuNanos() - cpu0;
        Histogram h = load.latency;
        System.out.printf(Locale.ROOT, "QUESTLOG requests=%d errors=%d body_bytes=%d seconds=%.3f p50_us=%d p90_us=%d "
                        + "p99_us=%d p999_us=%d max_us=%d cpu_seconds=%.3f sent_with_warmup=%d%n", load.ok.get(),
                load.errors.get(),
                load.bodyBytes.get(), elapsed, us(h, 50), us(h, 90), us(h, 99), us(h, 99.9),
                h.getMaxValue() / 1000, cpu / 1e9, load.sent.get());
    }

    private static long us(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Runs the schedule: {@code warmup} seconds whose requests are not counted (this JVM's JIT, the connections being
     * opened), then {@code seconds} measured. Returns the seconds from the first measured send to the last answer.
     */
    private double run(double requestsPerSecond, int warmup, int seconds, int connections)
            throws InterruptedException {
        Thread[] workers = new Thread[connections];
        for (int i = 0; i < connections; i++) {
            workers[i] = Thread.ofPlatform().name("conn-" + i).start(this::work);
        }
        long interval = (long) (1e9 / requestsPerSecond);
        long first = System.nanoTime() + 10_000_000;
        long start = first + TimeUnit.SECONDS.toNanos(warmup);
        measureFrom = start;
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        for (long n = 0; ; n++) {
            long scheduled = first + n * interval;
            if (scheduled >= end) {
                break;
            }
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            due.put(scheduled);
        }
        for (int i = 0; i < connections; i++) {
            due.put(POISON);
        }
        for (Thread w : workers) {
            w.join();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** One connection: takes due requests until told to stop; reconnects after an error. */
    private void work() {
        Socket socket = null;
        try {
            while (true) {
                long scheduled = due.take();
                if (scheduled == POISON) {
                    return;
                }
                byte[] body = batches.next();
                try {
                    if (socket == null) {
                        socket = connect();
                    }
                    int status = exchange(socket, body);
                    long nanos = System.nanoTime() - scheduled;
                    sent.incrementAndGet();
                    if (scheduled < measureFrom) {
                        continue;
                    }
                    if (status == 200) {
                        ok.incrementAndGet();
                        bodyBytes.addAndGet(body.length);
                        synchronized (latency) {
                            latency.recordValue(Math.min(nanos, latency.getHighestTrackableValue()));
                        }
                    } else {
                        errors.incrementAndGet();
                    }
                } catch (IOException e) {
                    if (scheduled >= measureFrom) {
                        errors.incrementAndGet();
                    }
                    closeQuietly(socket);
                    socket = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(socket);
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        s.setSoTimeout(60_000);
        return s;
    }

    /** Sends one request and reads the whole answer; returns its status. */
    private int exchange(Socket s, byte[] body) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(head);
        out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        long length = -1;
        String h;
        while (!(h = line(in)).isEmpty()) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).equalsIgnoreCase("content-length")) {
                length = Long.parseLong(h.substring(colon + 1).strip());
            }
        }
        if (length < 0) {
            throw new IOException("answer without Content-Length");
        }
        in.skipNBytes(length);
        if (in.available() > 0) {
            throw new IOException("unexpected bytes after the answer");
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
