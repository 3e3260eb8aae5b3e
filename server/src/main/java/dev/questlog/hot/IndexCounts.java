package dev.questlog.hot;

/**
 * What {@link HotIndex#index} did with a batch.
 *
 * @param indexed  added or replaced (a duplicate event_id replaces, so it is still one document)
 * @param dropped  skipped by the drop rules ({@code hot.drop_event_types})
 * @param expired  skipped because their event time is already past the retention
 * @param failed   not a readable stored event (logged)
 */
public record IndexCounts(long indexed, long dropped, long expired, long failed) {
    public IndexCounts {
        if (indexed < 0 || dropped < 0 || expired < 0 || failed < 0) {
            throw new IllegalArgumentException("counts must be >= 0, were " + indexed + "/" + dropped + "/" + expired
                    + "/" + failed);
        }
    }

    public long total() {
        return indexed + dropped + expired + failed;
    }
}
