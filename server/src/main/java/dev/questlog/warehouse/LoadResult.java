package dev.questlog.warehouse;

/**
 * What a load did.
 *
 * @param manifestId    the manifest
 * @param alreadyLoaded true when the manifest had been loaded before (nothing was done)
 * @param filesLoaded   files read in this load
 * @param filesSkipped  files skipped because an earlier manifest loaded them
 * @param rowsStaged    rows read from the files
 * @param rowsInserted  new events inserted (rowsStaged minus in-batch and already loaded duplicates)
 */
public record LoadResult(String manifestId, boolean alreadyLoaded, int filesLoaded, int filesSkipped,
                         long rowsStaged, long rowsInserted) {
    public LoadResult {
        if (filesLoaded < 0 || filesSkipped < 0 || rowsStaged < 0 || rowsInserted < 0 || rowsInserted > rowsStaged) {
            throw new IllegalArgumentException("inconsistent load result: files " + filesLoaded + "/" + filesSkipped
                    + ", rows " + rowsStaged + "/" + rowsInserted);
        }
    }

    public static LoadResult skipped(String manifestId, int files) {
        return new LoadResult(manifestId, true, 0, files, 0, 0);
    }
}
