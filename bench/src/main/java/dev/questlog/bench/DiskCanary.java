package dev.questlog.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * A diagnosis probe of the disk while a benchmark runs: every 5 ms, writes 4 KiB to its own file and forces it,
 * recording the force time per second. Shows whether an append-latency spike coincides with a disk (or host) stall
 * rather than with something in the JVM. One thread; {@link #close} stops it.
 */
final class DiskCanary implements AutoCloseable {
    private final Path file;
    private final Thread thread;
    private final List<Histogram> seconds = new ArrayList<>();
    private final long start = System.nanoTime();
    private volatile boolean stop;

    DiskCanary(Path dir) {
        this.file = dir.resolve("canary");
        this.thread = Thread.ofPlatform().daemon().name("disk-canary").start(this::run);
    }

    private void run() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer block = ByteBuffer.allocateDirect(4096);
            long pos = 0;
            while (!stop) {
                block.clear();
                ch.write(block, pos);
                pos = (pos + 4096) % (64 << 20);
                long t0 = System.nanoTime();
                ch.force(false);
                long t1 = System.nanoTime();
                int s = (int) ((t0 - start) / 1_000_000_000L);
                synchronized (seconds) {
                    while (seconds.size() <= s) {
                        seconds.add(new Histogram(60_000_000_000L, 2));
                    }
                    seconds.get(s).recordValue(t1 - t0);
                }
                LockSupport.parkNanos(5_000_000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line per second since the start: forces, p50 and max force time (ms). */
    String timeline() {
        StringBuilder sb = new StringBuilder();
        synchronized (seconds) {
            for (int s = 0; s < seconds.size(); s++) {
                Histogram h = seconds.get(s);
                sb.append(String.format(Locale.ROOT, "  canary second %2d: forces %4d p50 %6.2f max %7.2f ms%n", s,
                        h.getTotalCount(), h.getValueAtPercentile(50) / 1e6, h.getMaxValue() / 1e6));
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop = true;
        thread.join();
        Files.deleteIfExists(file);
    }
}
