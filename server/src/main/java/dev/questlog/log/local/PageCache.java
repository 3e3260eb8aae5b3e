package dev.questlog.log.local;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Path;
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
 * first; on the project's benchmark machine, writing into fresh pages cost the log's writers about four times the
 * CPU of writing into recycled ones (BENCHMARKS.md, Ingest). PostgreSQL drops its written WAL segments the same way.
 *
 * <p>It is advice: a range that is dirty, mapped or being read is left alone by the kernel, an error (a file deleted
 * meanwhile) is ignored, and on a platform without the call {@link #drop} does nothing. Thread-safe.
 */
final class PageCache {
    private static final Logger LOG = LoggerFactory.getLogger(PageCache.class);
    /** Linux's values (the same on x86-64 and arm64). */
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final long PAGE = 4096;
    private static final boolean AVAILABLE = link();

    private PageCache() {
    }

    private static boolean link() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            Native.register(PageCache.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.warn("posix_fadvise is not available ({}): the log leaves its page cache to the kernel", e.toString());
            return false;
        }
    }

    private static native int open(String path, int flags);

    private static native int close(int fd);

    private static native int posix_fadvise(int fd, long offset, long length, int advice);

    /** Whether {@link #drop} reaches the kernel on this platform. */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Advises the kernel to drop the whole pages of {@code file} in [{@code from}, {@code to}) from its page cache.
     * Returns {@code to} rounded down to a page: where the next call should start, so no partial page is skipped.
     */
    static long drop(Path file, long from, long to) {
        long end = to & -PAGE;
        long start = from & -PAGE;
        if (!AVAILABLE || end <= start) {
            return Math.max(from, end);
        }
        int fd = open(file.toString(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            try {
                posix_fadvise(fd, start, end - start, POSIX_FADV_DONTNEED);
            } finally {
                close(fd);
            }
        }
        return end;
    }
}
