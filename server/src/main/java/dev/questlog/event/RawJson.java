package dev.questlog.event;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers over JSON text that Jackson has already accepted (or that we are about to skip). */
final class RawJson {
    private RawJson() {
    }

    static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** Index of the first non-whitespace byte in {@code [from, to)}, or {@code to}. */
    static int skipWhitespace(byte[] buf, int from, int to) {
        int i = from;
        while (i < to && isWhitespace(buf[i])) {
            i++;
        }
        return i;
    }

    /**
     * The text of one JSON value in {@code buf[from, to)} without the whitespace outside strings; string contents
     * (escapes included) and number texts stay exactly as they are. {@code buf} must be valid UTF-8.
     */
    static String compact(byte[] buf, int from, int to) {
        int firstSpace = firstWhitespaceOutsideStrings(buf, from, to);
        if (firstSpace < 0) {
            return new String(buf, from, to - from, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[to - from];
        int n = firstSpace - from;
        System.arraycopy(buf, from, out, 0, n);
        boolean inString = false;
        for (int i = firstSpace; i < to; i++) {
            byte b = buf[i];
            if (inString) {
                out[n++] = b;
                if (b == '\\') {
                    out[n++] = buf[++i];
                } else if (b == '"') {
                    inString = false;
                }
            } else if (!isWhitespace(b)) {
                out[n++] = b;
                inString = b == '"';
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static int firstWhitespaceOutsideStrings(byte[] buf, int from, int to) {
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (isWhitespace(b)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The end (exclusive) of the JSON value starting at {@code from}, found by matching brackets and strings only
     * (no other validation), or -1 when the value runs past {@code to}. Used to step over an event that Jackson
     * rejected so that its neighbours can still be read. A scalar ends before the next {@code ,]}} or whitespace.
     */
    static int valueEnd(byte[] buf, int from, int to) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                if (depth == 0) {
                    return i == from ? -1 : i;
                }
                if (--depth == 0) {
                    return i + 1;
                }
            } else if (depth == 0 && (b == ',' || isWhitespace(b))) {
                return i == from ? -1 : i;
            }
        }
        return depth == 0 && !inString && to > from ? to : -1;
    }
}
