package dev.questlog.event;

/**
 * Reads the 128 bits of a UUID from its 8-4-4-4-12 hex text (either case) without building a String: the event_id
 * of every event goes through here, on the plain path from the body's bytes and on the Jackson path from the
 * parser's characters. Not thread-safe: one per reader.
 */
final class UuidBits {
    static final int TEXT_LENGTH = 36;

    /** The bits of the last successful {@link #read}. */
    long msb;
    long lsb;
    private final byte[] scratch = new byte[TEXT_LENGTH];

    /** Whether {@code b[at, at + 36)} is a UUID's text; when it is, sets {@link #msb} and {@link #lsb}. */
    boolean read(byte[] b, int at) {
        if (b[at + 8] != '-' || b[at + 13] != '-' || b[at + 18] != '-' || b[at + 23] != '-') {
            return false;
        }
        long a = hex(b, at, at + 8);
        long c = hex(b, at + 9, at + 13);
        long d = hex(b, at + 14, at + 18);
        long e = hex(b, at + 19, at + 23);
        long f = hex(b, at + 24, at + 36);
        if ((a | c | d | e | f) < 0) {
            return false;
        }
        msb = a << 32 | c << 16 | d;
        lsb = e << 48 | f;
        return true;
    }

    /** {@link #read(byte[], int)} of {@code c[at, at + 36)}: a UUID's text is ASCII, anything else is not one. */
    boolean read(char[] c, int at) {
        for (int i = 0; i < TEXT_LENGTH; i++) {
            char ch = c[at + i];
            if (ch > 0x7F) {
                return false;
            }
            scratch[i] = (byte) ch;
        }
        return read(scratch, 0);
    }

    /** The value of the hex digits {@code b[from, to)} (at most 15), or -1 when one is not a hex digit. */
    private static long hex(byte[] b, int from, int to) {
        long v = 0;
        int bad = 0;
        for (int i = from; i < to; i++) {
            int digit = Fields.hexDigit((char) b[i]);
            bad |= digit;
            v = v << 4 | (digit & 0xf);
        }
        return bad < 0 ? -1 : v;
    }
}
