package dev.questlog.log.local;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the kernel that ranges of the log's files need not stay in its page cache ({@code posix_fadvise} with
 * {@code POSIX_FADV_DONTNEED}, called through JNA: Java 21 has no API for it, and its foreign-function API is final
 * only from Java 22).
 *
 * <p>Why the log does this: a log that is only appended to would otherwise fill all free memory with pages it never
 * reads again, pushing out what the other tiers cache (DuckDB's and Lucene's files), and every write would land in a
 * never-used page. On a virtual machine whose free memory the host has taken back, such a page costs a host fault
 * first; on the project's benchmark VM, the log writers' kernel time at the ingest peak went from 1.1 to 0.2–0.3 µs
 * per event with this advice (BENCHMARKS.md, Ingest). PostgreSQL gives the same advice for WAL segments that no
 * archiver or replica will read.
 *
 * <p>It is advice: a range that is dirty, mapped or being read is left alone by the kernel, a file deleted meanwhile
 * is skipped, another failure is logged once, and on a platform other than 64-bit x86 or ARM Linux (where the
 * constants below hold) {@link #drop} does nothing. Thread-safe.
 */
final class PageCache {
    private static final Logger LOG = LoggerFactory.getLogger(PageCache.class);
    /** Linux's values on the 64-bit x86 and ARM platforms {@link #link} accepts. */
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final boolean AVAILABLE = link();
    /** The kernel's page size (4 KiB unless the kernel says otherwise). */
    private static final long PAGE = AVAILABLE ? getpagesize() : 4096;
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private PageCache() {
    }

    private static boolean link() {
        if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
            return false;
        }
        try {
            Native.register(PageCache.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (Throwable e) {
            // JNA reports a missing or mismatched native part with an Error: the log works without this advice
            LOG.warn("posix_fadvise is not available ({}): the log leaves its page cache to the kernel", e.toString());
            return false;
        }
    }

    private static native int getpagesize();

    /** open(2) is variadic; called with its two fixed arguments, as both platforms' calling conventions allow. */
    private static native int open(String path, int flags);

    private static native int close(int fd);

    private static native int posix_fadvise(int fd, long offset, long length, int advice);

    /** Whether {@link #drop} reaches the kernel on this platform. */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Advises the kernel to drop the whole pages of {@code file} in [{@code from}, {@code to}) from its page cache.
     * Returns where the next call should start: {@code to} rounded down to a page when the advice was given or the
     * file is gone, {@code from} when it could not be given (logged once; the next call tries again).
     */
    static long drop(Path file, long from, long to) {
        long end = floorToPage(to);
        long start = floorToPage(from);
        if (!AVAILABLE || end <= start) {
            return Math.max(from, end);
        }
        int fd = open(file.toString(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            if (!Files.exists(file)) {
                return end; // deleted by retention: nothing left to drop
            }
            warnOnce(file, "open(2) failed");
            return from;
        }
        try {
            int error = posix_fadvise(fd, start, end - start, POSIX_FADV_DONTNEED);
            if (error != 0) {
                warnOnce(file, "posix_fadvise failed, error " + error);
            }
        } finally {
            close(fd);
        }
        return end;
    }

    /** {@code position} rounded down to a page boundary: the pages below it are whole. */
    static long floorToPage(long position) {
        return position & -PAGE;
    }

    private static void warnOnce(Path file, String what) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("dropping {} from the page cache: {} (further failures are not logged)", file, what);
        }
    }
}
