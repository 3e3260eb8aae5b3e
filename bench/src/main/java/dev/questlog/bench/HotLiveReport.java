package dev.questlog.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** Renders HotLiveBench results as the "## Hot and live" section of BENCHMARKS.md. */
final class HotLiveReport {
    private HotLiveReport() {
    }

    static String section(int rate, int seconds, Latencies.Result v, int historyEvents, List<HistorySearch.Row> rows,
                          String args) {
        StringBuilder s = new StringBuilder("## Hot and live\n\n");
        s.append(String.format(Locale.ROOT, "Measured %s on %s.%n%n", LocalDate.now(ZoneOffset.UTC), BenchmarkReport.machine()));
        s.append(String.format(Locale.ROOT, "Ingest → visible, embedded pipeline (local log with group fsync, hot "
                + "and live consumers, HTTP API) in one JVM, under a steady background load of %,d events/s "
                + "(~250 B, 60%% combat_hit) through `POST /v1/events`; %d probes, one at a time, over %d s. Each "
                + "time runs from just before the probe's POST (so it includes its durable acknowledgement) until "
                + "the endpoint shows it; both endpoints are polled every 5 ms. Targets: live ≤ 1 s p99, search "
                + "≤ 2 s p99. The background load reached %,.0f events/s while probing (the generator shares the "
                + "cores with everything else).%n%n", rate, v.probes(), seconds, v.backgroundRate()));
        s.append("| path | probes | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n");
        s.append(row("ingest → `GET /v1/live` counts it", v.live()));
        s.append(row("ingest → `GET /v1/search` finds it (refresh every 250 ms)", v.search()));
        s.append(String.format(Locale.ROOT, "%nSearch over 7 days of history: %,d events indexed directly into "
                + "a hot index (one Lucene index per UTC day), then each search %d times through "
                + "`HotIndex.search` in-process (no HTTP), random parameters, after 20 warm-up runs.%n%n",
                historyEvents, 200));
        for (HistorySearch.Row r : rows) {
            if (r.stats() == null) {
                s.append("- ").append(r.search()).append('\n');
            }
        }
        s.append("\n| search | avg matches | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n");
        for (HistorySearch.Row r : rows) {
            if (r.stats() != null) {
                s.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.2f |%n", r.search(), r.avgHits(),
                        r.stats().p50(), r.stats().p99(), r.stats().max()));
            }
        }
        s.append("\nThe machine is shared (2 cores, the load generator and the server in one JVM), so these are "
                + "conservative.\n");
        s.append("\nReproduce: `bench/run-hot-live-bench.sh").append(args.isBlank() ? "" : " " + args).append("`\n");
        return s.toString();
    }

    private static String row(String name, Latencies.Stats st) {
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f |%n", name, st.n(), st.p50(), st.p99(),
                st.max());
    }
}
