package dev.questlog.warehouse;

import dev.questlog.lake.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a manifest's lake files readable by the engine: writes the manifest to the lake
 * ({@code manifests/<id>.json}) and copies each file not loaded yet from the object store into
 * {@code <staging>/<manifest id>/}. Used by the loader and by backfill. Thread-safe for distinct manifests.
 */
public final class LakeFileStager {
    private static final Logger LOG = LoggerFactory.getLogger(LakeFileStager.class);
    private final ObjectStore store;
    private final Path stagingDir;

    public LakeFileStager(ObjectStore store, Path stagingDir) {
        this.store = store;
        this.stagingDir = stagingDir;
    }

    /** Publishes the manifest (idempotent) and stages its files not in {@code alreadyLoaded}. */
    public List<StagedFile> stage(Manifest manifest, Set<String> alreadyLoaded) throws IOException {
        if (!store.exists(manifest.lakeKey())) {
            store.publish(manifest.lakeKey(), ManifestJson.encode(manifest));
        }
        Path dir = Files.createDirectories(stagingDir.resolve(manifest.id()));
        List<StagedFile> staged = new ArrayList<>();
        int n = 0;
        for (ManifestFile f : manifest.files()) {
            if (alreadyLoaded.contains(f.path())) {
                continue;
            }
            Path local = dir.resolve("f" + n++ + ".parquet");
            try {
                store.get(f.path(), local);
                staged.add(new StagedFile(f.path(), local));
            } catch (NoSuchFileException e) {
                // Lake retention removed it before it was loaded: nothing to load, and waiting will not bring it back.
                LOG.warn("lake file {} of manifest {} no longer exists; skipped", f.path(), manifest.id());
            }
        }
        return staged;
    }

    /** Removes the local copies of a manifest's files. */
    public void cleanUp(Manifest manifest) {
        deleteTree(stagingDir.resolve(manifest.id()));
    }

    /** Removes every staged copy (left by a crash); call before the first load. */
    public void cleanAll() {
        if (Files.isDirectory(stagingDir)) {
            try (Stream<Path> dirs = Files.list(stagingDir)) {
                dirs.forEach(LakeFileStager::deleteTree);
            } catch (IOException ignored) {
                // leftovers only cost disk space; the next load uses its own directory
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // leftovers only cost disk space
        }
    }

    /** The manifests for these lake files: at most {@code maxFiles} each. */
    public static List<Manifest> manifests(Collection<ManifestFile> files, int maxFiles) {
        List<ManifestFile> sorted = files.stream().distinct().sorted(Comparator.comparing(ManifestFile::path)).toList();
        List<Manifest> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += maxFiles) {
            out.add(Manifest.of(sorted.subList(i, Math.min(sorted.size(), i + maxFiles))));
        }
        return out;
    }
}
