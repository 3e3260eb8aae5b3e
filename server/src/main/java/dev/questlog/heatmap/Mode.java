package dev.questlog.heatmap;

import java.util.Locale;

/** What a bin's value means. */
public enum Mode {
    /** Number of matching events in the bin. */
    COUNT,
    /** Events of the first type set minus events of the second (e.g. kills − deaths); diverging colours. */
    BALANCE,
    /**
     * Build A versus build B: the bin's share of A's events minus its share of B's events, so builds with different
     * player counts compare fairly; diverging colours.
     */
    COMPARE;

    public static Mode parse(String s) {
        return switch (s == null ? "count" : s.toLowerCase(Locale.ROOT)) {
            case "count" -> COUNT;
            case "balance" -> BALANCE;
            case "compare" -> COMPARE;
            default -> throw new IllegalArgumentException("mode: must be count, balance or compare, was \"" + s + "\"");
        };
    }

    public boolean diverging() {
        return this != COUNT;
    }
}
