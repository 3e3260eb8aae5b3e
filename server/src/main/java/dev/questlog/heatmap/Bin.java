package dev.questlog.heatmap;

/**
 * One non-empty bin.
 *
 * @param a       hex q or square column
 * @param b       hex r or square row
 * @param centerX bin centre, world x
 * @param centerY bin centre, world y
 * @param countA  events counted (side A in balance/compare)
 * @param countB  side B's events (0 in count mode)
 * @param value   what is coloured: the count, A − B (balance), or A's share − B's share (compare)
 */
public record Bin(long a, long b, double centerX, double centerY, long countA, long countB, double value) {
}
