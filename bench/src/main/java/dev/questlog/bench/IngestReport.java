package dev.questlog.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The "## Ingest (HTTP)" section of BENCHMARKS.md from one {@link IngestBench} run. */
final class IngestReport {
    /**
     * @param paced    the open-loop phases at 25, 50 and 90% of the peak (at 50%: the run with the median p99)
     * @param halfRuns every open-loop run at 50% of the peak, in the order they ran
     */
    record Inputs(List<IngestBench.Phase> peaks, IngestBench.Phase profiled, List<IngestBench.Phase> paced,
                  List<IngestBench.Phase> halfRuns, Profile.Summary profile, double parseOnly, double appendOnly, int bodyBytes, int seconds,
                  int connections, int threads, int warmup, DiskLatency disk) {
    }

    private IngestReport() {
    }

    static String markdown(Inputs in) {
        IngestBench.Phase peak = in.peaks().get(1);
        StringBuilder s = new StringBuilder("## Ingest (HTTP)\n\n");
        s.append(String.format(Locale.ROOT, "Durable ingest through `POST /v1/events`: batches of %d events of ~%d "
                + "bytes (%,d-byte JSON array bodies, server key, every event_id fresh), each answered 200 only after "
                + "its events are fsynced (log.fsync=group; default settings). Server: `./questlog serve --roles "
                + "ingest` in its own JVM with the launcher's flags. Load: `wrk` (%d threads, %d connections, closed "
                + "loop, `bench/ingest.lua`) for the peak; `OpenLoopLoad` (own JVM, 64 connections, open loop: "
                + "latency counted from each request's scheduled send time, so stalls are not hidden) for 25/50/90%% "
                + "of the peak, each after 3 s of uncounted warm-up at the same rate (the server CPU of those phases "
                + "includes the warm-up, and so do its events). Server and load generator share the machine's cores.%n%n",
                IngestBench.EVENTS_PER_BATCH, (in.bodyBytes() - 2) / IngestBench.EVENTS_PER_BATCH, in.bodyBytes(),
                in.threads(), in.connections()));
        s.append("Command: `bench/ingest.sh --seconds ").append(in.seconds()).append(" --warmup ").append(in.warmup())
                .append(" --connections ")
                .append(in.connections()).append(" --write BENCHMARKS.md` (needs `wrk`: `apt-get install -y wrk`)\n\n");
        s.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s, run at %s, shared with other work (load "
                        + "average at the end: %s; the busy-cores column is the whole machine's CPU use during the "
                        + "phase, all processes).%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                loadAverage()));
        s.append("| phase | events/s | MB/s | ack p50 ms | ack p99 ms | ack p99.9 ms | requests | errors | server CPU s "
                + "| server CPU µs/event | load-gen CPU s | machine busy cores |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < in.peaks().size(); i++) {
            IngestBench.Phase p = in.peaks().get(i);
            row(s, (i == 1 ? "**peak (median of 3)**" : "peak run") + ", wrk closed loop", p);
        }
        for (IngestBench.Phase p : in.paced()) {
            if (p == median(in)) {
                for (IngestBench.Phase h : in.halfRuns()) {
                    row(s, h == p ? "**" + h.name() + ", open loop (median p99 of 3)**" : h.name() + ", open loop run",
                            h);
                }
            } else {
                row(s, p.name() + ", open loop", p);
            }
        }
        row(s, "profiled run (JFR on), wrk", in.profiled());
        s.append(String.format(Locale.ROOT, "%nTarget: ≥ 1,000,000 events/s, p99 ≤ 20 ms at 50%% of peak. Measured: "
                + "%,.0f events/s (%.1f MB/s of request bodies) at the peak (median of 3), p99 %.1f ms at 50%% "
                + "(median of 3).%n%n",
                peak.eventsPerSecond(), peak.mbPerSecond(), in.paced().size() > 1 ? in.paced().get(1).p99Millis()
                        : Double.NaN));
        ceiling(s, peak);
        if (in.disk() != null && in.paced().size() > 1) {
            latency(s, in.disk(), in.paced().get(1));
        }
        s.append(String.format(Locale.ROOT, "Alone, in one JVM with the server stopped: the parser checks %,.0f "
                + "events/s on one thread (`EventParser.scan`, as the collector uses it; the Batches generator's "
                + "cost included); the log (default settings, group-commit fsync, 16 concurrent appenders of "
                + "500 records of %d bytes keyed by 200 client ids) takes %,.0f events/s.%n%n", in.parseOnly(), 370,
                in.appendOnly()));
        threads(s, peak);
        profile(s, in.profile(), in.profiled());
        return s.toString();
    }

    /** The 50% phase counted for the target, or null when the run had none. */
    private static IngestBench.Phase median(Inputs in) {
        return in.paced().size() > 1 ? in.paced().get(1) : null;
    }

    private static void profile(StringBuilder s, Profile.Summary p, IngestBench.Phase run) {
        s.append(String.format(Locale.ROOT, "Profile of the server JVM during the profiled run (JFR, %d CPU "
                + "samples of Java threads; allocation = sampled bytes allocated). GC: %d collections, %.0f ms of "
                + "pauses in %.0f s.%n%n| step | share of CPU samples | share of allocated bytes |%n|---|---|---|%n",
                p.cpuSamples(), p.gcCount(), p.gcPauseMillis(), p.seconds()));
        java.util.Set<String> steps = new java.util.LinkedHashSet<>(p.cpu().keySet());
        steps.addAll(p.allocation().keySet());
        for (String step : steps) {
            s.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.1f%% |%n", step,
                    100 * p.cpu().getOrDefault(step, 0.0), 100 * p.allocation().getOrDefault(step, 0.0)));
        }
        s.append('\n');
    }

    /** What the CPU per event says about the ceiling on this machine's cores. */
    private static void ceiling(StringBuilder s, IngestBench.Phase peak) {
        int cores = Runtime.getRuntime().availableProcessors();
        double events = Math.max(1, peak.requests() * IngestBench.EVENTS_PER_BATCH);
        double server = peak.serverMicrosPerEvent();
        double load = peak.loadCpuSeconds() * 1e6 / events;
        double ours = (peak.serverCpuSeconds() + peak.loadCpuSeconds()) / peak.seconds();
        s.append(String.format(Locale.ROOT, "What bounds it: CPU. In the median peak run the server used %.2f µs of "
                + "CPU per event and wrk %.2f µs (sending %,d-byte bodies over loopback costs the sender kernel "
                + "time), together %.2f cores of the %d, while the whole machine was %.2f cores busy (the rest "
                + "is other work on the shared machine). At %.2f µs per event, %d cores given wholly to server and "
                + "load generator would carry at most %,.0f events/s; 1,000,000 events/s needs %.1f cores at this "
                + "cost per event, or %.2f µs per event (server + load generator) on %d cores. **The 1M events/s "
                + "target is %s on this machine.**%n%n", server, load,
                peak.requests() == 0 ? 0 : peak.bodyBytes() / peak.requests(), ours, cores, peak.machineBusyCores(),
                server + load, cores, cores * 1e6 / (server + load), (server + load), cores * 1.0, cores,
                peak.eventsPerSecond() >= 1e6 ? "met" : "not met"));
    }

    /** Where the ack latency's tail comes from at 50% of peak: the server's fsync and append meters. */
    private static void latency(StringBuilder s, DiskLatency d, IngestBench.Phase half) {
        s.append(String.format(Locale.ROOT, "What makes the latency tail at 50%% of peak (the server's own meters "
                + "over its three runs): %,.0f requests waited for %,.0f partition rounds of stream `events` to be made durable "
                + "by the log's journal (%.1f per request: a request's events are spread by client_id over all "
                + "partitions, and the request waits for the last); a round waited %.1f ms on average and up to %.0f ms "
                + "(largest in the meter's recent window); append-to-durable took %.1f ms on average, %.1f%% of "
                + "requests waited more than %.0f ms for it, the longest %.0f ms. %s%n%n", d.appends(), d.fsyncs(),
                d.fsyncs() / Math.max(1, d.appends()), d.fsyncMeanMillis(), d.fsyncMaxMillis(), d.appendMeanMillis(), 100 * d.shareAbove(),
                d.bucketMillis(), d.appendMaxMillis(), d.shareAbove() >= 0.01
                        ? String.format(Locale.ROOT, "So with the ack p50 at %.1f ms, the p99 of %.1f ms is set by the "
                                + "log's append-to-durable tail (journal writes on a disk shared with the other work on the "
                                + "machine, the rounds queued behind them, and the slowest of a request's partitions), "
                                + "not by the collector's CPU.", half.p50Millis(), half.p99Millis())
                        : "Fewer than 1% of requests waited that long for the disk, so the disk does not set the p99: the "
                                + "rest of a request's time is its turn on the 2 cores, which the server's HTTP and log "
                                + "threads share with the load generator's 64 threads."));
    }

    private static void threads(StringBuilder s, IngestBench.Phase peak) {
        s.append("Server CPU per event by thread group in the median peak run (from /proc; user + system):\n\n"
                + "| server threads | user µs/event | system µs/event |\n|---|---|---|\n");
        double user = 0;
        double sys = 0;
        for (var e : peak.threadMicrosPerEvent().entrySet()) {
            s.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", e.getKey(), e.getValue()[0],
                    e.getValue()[1]));
            user += e.getValue()[0];
            sys += e.getValue()[1];
        }
        s.append(String.format(Locale.ROOT, "| **all** | %.2f | %.2f |%n%n", user, sys));
    }

    private static void row(StringBuilder s, String name, IngestBench.Phase r) {
        s.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %.1f | %.1f | %.1f | %d | %d | %.1f | %.2f | %.1f | "
                + "%.2f |%n", name, r.eventsPerSecond(), r.mbPerSecond(), r.p50Millis(), r.p99Millis(), r.p999Millis(),
                r.requests(), r.errors(),
                r.serverCpuSeconds(), r.serverMicrosPerEvent(), r.loadCpuSeconds(), r.machineBusyCores()));
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static String shares(Map<String, Double> m) {
        return m.toString();
    }
}
