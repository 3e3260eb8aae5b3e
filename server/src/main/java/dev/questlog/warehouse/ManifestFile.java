package dev.questlog.warehouse;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One lake file of a manifest.
 *
 * @param path lake key of the Parquet file ({@code events/app=<app>/date=<yyyy-mm-dd>/part-….parquet})
 * @param app  the app whose events it holds
 * @param date the event date of its partition
 * @param rows rows in the file
 */
public record ManifestFile(@JsonProperty("path") String path, @JsonProperty("app") String app,
                           @JsonProperty("date") LocalDate date, @JsonProperty("rows") long rows) {
    public ManifestFile {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(date, "date");
        if (path == null || path.isBlank() || !path.endsWith(".parquet")) {
            throw new IllegalArgumentException("manifest file path must name a .parquet file, was '" + path + "'");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, was " + rows + " for " + path);
        }
    }
}
