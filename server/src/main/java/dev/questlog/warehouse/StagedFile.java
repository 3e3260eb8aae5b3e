package dev.questlog.warehouse;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A lake file made readable for a load: its lake key (what is recorded as loaded) and a local copy or link of it.
 *
 * @param lakePath  the file's key in the lake
 * @param localFile where the engine reads it; must lie under {@link WarehousePaths#stagingDir}
 */
public record StagedFile(String lakePath, Path localFile) {
    public StagedFile {
        Objects.requireNonNull(localFile, "localFile");
        if (lakePath == null || lakePath.isBlank()) {
            throw new IllegalArgumentException("lake path must not be blank, was '" + lakePath + "'");
        }
    }
}
