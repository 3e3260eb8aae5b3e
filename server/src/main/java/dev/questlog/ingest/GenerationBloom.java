package dev.questlog.ingest;

/**
 * The Bloom filters of the {@link DuplicateFilter}'s two generations in one array, word by word interleaved
 * ({@code [2w]}: generation of parity 0, {@code [2w + 1]}: parity 1), so that one cache line answers for both
 * generations: a fresh id, the common case, costs one cache miss to rule out, not one per generation. A blocked
 * filter: each id sets four bits in one 64-bit word chosen by its hash, about 16 bits per id when a generation
 * holds {@code idsPerGeneration} ids, so about 0.2% false alarms (each then checked exactly in its
 * {@link IdSet}'s table).
 *
 * <p>Sized once (2 bytes per id of {@code 2 * idsPerGeneration}) rather than grown with the tables, so that the
 * two generations keep the same layout and readers need no lock: bits are only ever set, except by
 * {@link #clear} of a generation that has been dropped. A racing read may miss bits being set (the id is then
 * merely not suppressed) or see a dropped generation's bits (a false alarm, checked exactly); neither loses an
 * event. Writers of one parity must be serialized (the generation's lock).
 */
final class GenerationBloom {
    /** The word index comes from the hash's bits 40..63, so a generation has at most 2^24 words. */
    private static final int MAX_WORDS = 1 << 24;

    private final long[] words;
    private final int mask;

    /** @param idsPerGeneration the most ids a generation is meant to hold (the filter's cap per generation) */
    GenerationBloom(long idsPerGeneration) {
        if (idsPerGeneration < 1) {
            throw new IllegalArgumentException("idsPerGeneration must be positive, was " + idsPerGeneration);
        }
        long wanted = Math.max(64, idsPerGeneration / 4);
        int perGeneration = (int) Math.min(MAX_WORDS, Long.highestOneBit(wanted * 2 - 1));
        this.words = new long[2 * perGeneration];
        this.mask = perGeneration - 1;
    }

    private int index(long h, int parity) {
        return ((int) (h >>> 40) & mask) << 1 | parity;
    }

    private static long bits(long h) {
        return 1L << (h >>> 16) | 1L << (h >>> 22) | 1L << (h >>> 28) | 1L << (h >>> 34);
    }

    /** Whether the generation of {@code parity} may hold the id of hash {@code h} (false: it surely does not). */
    boolean mightContain(long h, int parity) {
        long b = bits(h);
        return (words[index(h, parity)] & b) == b;
    }

    /**
     * Whether either generation may hold the id: bit 0 of the answer for parity 0, bit 1 for parity 1. Both words
     * share a cache line.
     */
    int mightContainEither(long h) {
        long b = bits(h);
        int i = index(h, 0);
        return ((words[i] & b) == b ? 1 : 0) | ((words[i + 1] & b) == b ? 2 : 0);
    }

    /** Reads the word of the id without using it, so that a later {@link #add} finds it in cache. */
    long touch(long h, int parity) {
        return words[index(h, parity)];
    }

    void add(long h, int parity) {
        words[index(h, parity)] |= bits(h);
    }

    /** Forgets every id of the generation of {@code parity} (before a new generation takes its place). */
    void clear(int parity) {
        for (int i = parity; i < words.length; i += 2) {
            words[i] = 0;
        }
    }
}
