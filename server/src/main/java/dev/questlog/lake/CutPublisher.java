package dev.questlog.lake;

import dev.questlog.log.EventLog;
import dev.questlog.log.LogConsumer;
import dev.questlog.log.LogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Publishes one cut of a partition — all its open batches — in the order that makes a crash at any step harmless:
 * <ol>
 *   <li>write each batch to a local Parquet file;</li>
 *   <li>publish the progress marker with the cut as <em>pending</em> (the intent);</li>
 *   <li>publish the files (atomic each; names are deterministic, so a re-publish is idempotent);</li>
 *   <li>publish the marker with the cut <em>complete</em> — from here on the cut counts;</li>
 *   <li>append a pointer per file to stream {@code lake-files} (at-least-once; re-sent after a restart);</li>
 *   <li>commit the consumer group's offset to the end of the cut.</li>
 * </ol>
 * A restart reads the marker ({@link LakeProgress}): a pending cut whose files all exist is completed, otherwise its
 * published files are deleted and its records are read again. Not thread-safe.
 */
final class CutPublisher {
    private final LakeTable<?> kind;
    private final ObjectStore store;
    private final EventLog log;
    private final LogConsumer consumer;
    private final ParquetStaging staging;
    private final Path workDir;
    private final FaultHook faults;

    CutPublisher(LakeTable<?> kind, ObjectStore store, EventLog log, LogConsumer consumer, ParquetStaging staging,
                 Path workDir, FaultHook faults) {
        this.kind = kind;
        this.store = store;
        this.log = log;
        this.consumer = consumer;
        this.staging = staging;
        this.workDir = workDir;
        this.faults = faults;
    }

    /** What a cut published. */
    record Result(long rows, long files, long bytes) {
    }

    <R extends LakeRow> Result publish(PartitionState<R> p) throws IOException, SQLException {
        int partition = p.partition();
        long next = p.cutOffset();
        List<LakeFile> files = new ArrayList<>();
        List<Path> locals = new ArrayList<>();
        try {
            for (OpenBatch<R> b : p.batches()) {
                Path local = workDir.resolve("cut-" + partition + "-" + files.size() + ".parquet");
                long size = staging.writeParquet(b.staged(), kind, local);
                files.add(b.toLakeFile(kind.prefix(), partition, size));
                locals.add(local);
            }
            p.cleared();
            faults.at(FaultHook.Point.FILES_WRITTEN);
            ProgressMarker marker = p.marker().begin(new ProgressMarker.Cut(next, files));
            store.publish(ProgressMarker.key(kind.prefix(), partition), marker.toJson());
            faults.at(FaultHook.Point.INTENT_MARKED);
            for (int i = 0; i < files.size(); i++) {
                store.publish(files.get(i).path(), locals.get(i));
                if (i == 0) {
                    faults.at(FaultHook.Point.FIRST_FILE_PUBLISHED);
                }
            }
            faults.at(FaultHook.Point.FILES_PUBLISHED);
            marker = marker.complete();
            store.publish(ProgressMarker.key(kind.prefix(), partition), marker.toJson());
            p.marker(marker);
            faults.at(FaultHook.Point.PROGRESS_MARKED);
        } finally {
            for (Path local : locals) {
                Files.deleteIfExists(local);
            }
        }
        reannounce(files);
        faults.at(FaultHook.Point.POINTERS_APPENDED);
        consumer.commit(Map.of(partition, next));
        faults.at(FaultHook.Point.COMMITTED);
        return new Result(files.stream().mapToLong(LakeFile::rows).sum(), files.size(),
                files.stream().mapToLong(LakeFile::bytes).sum());
    }

    /** Appends a pointer per file to {@code lake-files} and waits until they are durable. */
    void reannounce(List<LakeFile> files) throws IOException {
        if (!kind.announced() || files.isEmpty()) {
            return;
        }
        List<LogRecord> records = new ArrayList<>();
        for (LakeFile f : files) {
            if (StoredEventDecoder.UNDECODABLE_APP.equals(f.app())) {
                continue; // not events (no event_id): kept in the lake for inspection, never loaded into the warehouse
            }
            records.add(LogRecord.of(f.app().getBytes(StandardCharsets.UTF_8), f.toJson()));
        }
        if (records.isEmpty()) {
            return;
        }
        try {
            log.append(LakeWriter.POINTER_STREAM, records).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while appending lake file pointers", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot append lake file pointers: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
