package dev.questlog.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code wrk} (closed loop: a fixed number of connections, each sending its next request as soon as the last
 * is answered) with {@code bench/ingest.lua}, and reads its result line and its own CPU time.
 */
final class Wrk {
    /** What one wrk run measured. */
    record Run(long requests, long non2xx, long socketErrors, double seconds, double p50Millis, double p99Millis,
               double p999Millis, double cpuSeconds) {
    }

    private Wrk() {
    }

    static boolean installed() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Run run(Path script, URI uri, String key, int runNumber, int threads, int connections, int seconds)
            throws IOException, InterruptedException {
        String cmd = String.format("wrk -t%d -c%d -d%ds --timeout 30s -s '%s' '%s'; status=$?; times; exit $status",
                threads, connections, seconds, script, uri);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true);
        pb.environment().put("QUESTLOG_BENCH_KEY", key);
        pb.environment().put("QUESTLOG_BENCH_RUN", String.format("%04x", runNumber & 0xffff));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        List<String> lines = out.lines().toList();
        Map<String, String> v = new HashMap<>();
        for (String line : lines) {
            if (line.startsWith("QUESTLOG ")) {
                for (String kv : line.substring(9).trim().split(" ")) {
                    String[] parts = kv.split("=", 2);
                    v.put(parts[0], parts[1]);
                }
            }
        }
        if (v.isEmpty()) {
            throw new IllegalStateException("wrk printed no result line:\n" + out);
        }
        // bash's `times`: the shell's own user/sys, then its children's (wrk) user/sys, as 0m1.234s
        String[] children = lines.get(lines.size() - 1).trim().split("\\s+");
        double cpu = seconds(children[0]) + seconds(children[1]);
        long socketErrors = Long.parseLong(v.get("errors_connect")) + Long.parseLong(v.get("errors_read"))
                + Long.parseLong(v.get("errors_write")) + Long.parseLong(v.get("errors_timeout"));
        return new Run(Long.parseLong(v.get("requests")), Long.parseLong(v.get("non2xx")), socketErrors,
                Double.parseDouble(v.get("seconds")), Long.parseLong(v.get("p50_us")) / 1e3,
                Long.parseLong(v.get("p99_us")) / 1e3, Long.parseLong(v.get("p999_us")) / 1e3, cpu);
    }

    private static double seconds(String bashTime) {
        int m = bashTime.indexOf('m');
        return Integer.parseInt(bashTime.substring(0, m)) * 60
                + Double.parseDouble(bashTime.substring(m + 1, bashTime.length() - 1));
    }
}
