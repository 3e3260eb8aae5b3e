package dev.questlog.cli;

import dev.questlog.app.ObjectStores;
import dev.questlog.app.WarehouseEngines;
import dev.questlog.config.QuestLogConfig;
import dev.questlog.lake.ObjectStore;
import dev.questlog.lake.StoredObject;
import dev.questlog.warehouse.LakeFileStager;
import dev.questlog.warehouse.LoadResult;
import dev.questlog.warehouse.Manifest;
import dev.questlog.warehouse.ManifestFile;
import dev.questlog.warehouse.StagedFile;
import dev.questlog.warehouse.Warehouse;
import dev.questlog.warehouse.WarehouseException;
import dev.questlog.warehouse.WarehousePaths;
import java.io.IOException;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./questlog warehouse backfill --from DATE --to DATE}: (re)load lake files into the warm tier. */
@Command(name = "warehouse", description = "Warm tier maintenance.", subcommands = WarehouseCommand.Backfill.class)
final class WarehouseCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "backfill", description = "Load the lake's event files of a date range into the warehouse. "
            + "Idempotent: files loaded before are skipped and events already there are not doubled.")
    static final class Backfill implements Runnable {
        private static final Pattern PATH = Pattern.compile("events/app=([^/]+)/date=(\\d{4}-\\d{2}-\\d{2})/[^/]+\\.parquet");

        @Mixin
        ConfigOptions options;

        @Option(names = "--from", required = true, paramLabel = "DATE", description = "First event date (yyyy-mm-dd).")
        LocalDate from;

        @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last event date, inclusive.")
        LocalDate to;

        @Option(names = "--app", paramLabel = "APP", description = "Only this app's files (default: every app).")
        String app;

        @Override
        public void run() {
            if (to.isBefore(from)) {
                throw new UserException("--to " + to + " is before --from " + from);
            }
            QuestLogConfig config = options.load();
            try (ObjectStore store = ObjectStores.open(config.lake(), config.dataDir());
                 Warehouse warehouse = open(config)) {
                List<ManifestFile> files = filesInRange(store);
                LakeFileStager stager = new LakeFileStager(store, WarehousePaths.stagingDir(config.dataDir()));
                long inserted = 0;
                long staged = 0;
                for (Manifest m : LakeFileStager.manifests(files, config.warehouse().loadMaxFiles())) {
                    try {
                        List<StagedFile> local = stager.stage(m, warehouse.loadedFiles(m.paths()));
                        LoadResult r = warehouse.load(m, local);
                        inserted += r.rowsInserted();
                        staged += r.rowsStaged();
                    } finally {
                        stager.cleanUp(m);
                    }
                }
                System.out.printf("backfill %s..%s: %d lake files, %d rows read, %d new events loaded%n", from, to,
                        files.size(), staged, inserted);
            } catch (IOException e) {
                throw new UserException("backfill failed: " + e.getMessage());
            }
        }

        private static Warehouse open(QuestLogConfig config) {
            try {
                return WarehouseEngines.open(config.warehouse(), config.dataDir(), InstantSource.system());
            } catch (WarehouseException e) {
                throw new UserException(e.getMessage() + " — with the embedded DuckDB, stop the server first");
            }
        }

        private List<ManifestFile> filesInRange(ObjectStore store) throws IOException {
            List<ManifestFile> out = new ArrayList<>();
            for (StoredObject o : store.list(app == null ? "events/" : "events/app=" + app + "/")) {
                Matcher m = PATH.matcher(o.key());
                if (m.matches()) {
                    LocalDate date = LocalDate.parse(m.group(2));
                    if (!date.isBefore(from) && !date.isAfter(to)) {
                        out.add(new ManifestFile(o.key(), m.group(1), date, 0));
                    }
                }
            }
            return out;
        }
    }
}
