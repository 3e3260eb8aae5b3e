package dev.questlog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes one benchmark's section into BENCHMARKS.md, replacing that section if it is there. */
final class BenchReport {
    private BenchReport() {
    }

    /** Replaces the section starting at the line {@code heading} up to the next {@code ## } heading, or appends it. */
    static void replaceSection(Path file, String heading, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        int start = text.indexOf(heading + "\n");
        String body = section.endsWith("\n") ? section : section + "\n";
        if (start < 0) {
            text = text + (text.endsWith("\n\n") ? "" : "\n") + body;
        } else {
            int next = text.indexOf("\n## ", start + heading.length());
            text = text.substring(0, start) + body + (next < 0 ? "" : text.substring(next + 1));
        }
        Files.writeString(file, text);
    }

    /** The 1/5/15-minute load averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** CPU time used by this process so far, in ns. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU model, cores and Java version, for the record. */
    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException e) {
            // not Linux: leave it unknown
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + Runtime.version().feature();
    }
}
