package dev.questlog.hot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of one UTC day: a writer, and a near-real-time searcher manager over it. Writes come from one
 * thread; refresh, acquire and release from any.
 */
final class DayIndex implements AutoCloseable {
    private final LocalDate day;
    private final Path dir;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    private DayIndex(LocalDate day, Path dir, FSDirectory directory, IndexWriter writer) throws IOException {
        this.day = day;
        this.dir = dir;
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
    }

    static DayIndex open(LocalDate day, Path dir, long ramBufferBytes) throws IOException {
        Files.createDirectories(dir);
        FSDirectory directory = FSDirectory.open(dir);
        IndexWriterConfig iwc = new IndexWriterConfig(new TextAnalyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setIndexSort(HotQueries.NEWEST_FIRST)
                .setRAMBufferSizeMB(ramBufferBytes / (1024.0 * 1024.0));
        try {
            return new DayIndex(day, dir, directory, new IndexWriter(directory, iwc));
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    LocalDate day() {
        return day;
    }

    /** Adds the document, replacing any with the same event_id (so duplicates are stored once). */
    void upsert(String eventId, Document doc) throws IOException {
        writer.updateDocument(new Term(HotDocuments.EVENT_ID, eventId), doc);
    }

    /**
     * False once the writer closed itself on a failure (Lucene's "tragic" exceptions: disk full, I/O errors): what
     * it held uncommitted is gone, and only {@link #reopen} makes the day writable again.
     */
    boolean writable() {
        return writer.isOpen();
    }

    /** A new DayIndex on the same directory, from its last commit; closes what is left of this one. */
    DayIndex reopen(long ramBufferBytes) throws IOException {
        try {
            searchers.close();
            writer.rollback(); // a no-op on a writer that already closed itself
        } catch (IOException | RuntimeException e) {
            // it is broken already; what matters is that its directory is released below
        } finally {
            directory.close();
        }
        return open(day, dir, ramBufferBytes);
    }

    /** Drops what is not committed and closes the writer, as Lucene does after a disk error; for tests. */
    void breakForTests() throws IOException {
        writer.rollback();
    }

    void refresh() throws IOException {
        searchers.maybeRefresh();
    }

    /** Makes the day durable; throws when the writer closed itself, as nothing it held can be made durable then. */
    void commit() throws IOException {
        if (!writer.isOpen()) {
            throw new IOException("the index of " + day + " was closed by an earlier failure: "
                    + writer.getTragicException());
        }
        if (writer.hasUncommittedChanges()) {
            writer.commit();
        }
    }

    IndexSearcher acquire() throws IOException {
        return searchers.acquire();
    }

    void release(IndexSearcher searcher) throws IOException {
        searchers.release(searcher);
    }

    @Override
    public void close() throws IOException {
        try {
            searchers.close();
            writer.close(); // commits what is pending
        } finally {
            directory.close();
        }
    }

    /** Closes without committing and deletes the day's files. */
    void closeAndDelete() throws IOException {
        try {
            searchers.close();
            writer.rollback();
        } finally {
            directory.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
