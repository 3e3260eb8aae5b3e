package dev.questlog.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). Jackson checks
 * only part of this, and downstream stores (Parquet, DuckDB, PostgreSQL) refuse invalid text, so every event is
 * checked once here. Runs up to 32 ASCII bytes per step, since most events are pure ASCII.
 */
final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /** Index of the first byte of the first invalid sequence in {@code buf[from, to)}, or -1 if all is valid. */
    static int firstInvalid(byte[] buf, int from, int to) {
        int i = from;
        // ASCII runs 32 bytes per step (the common case: whole events), then 8, then byte by byte.
        while (i + 32 <= to && (((long) LONGS.get(buf, i) | (long) LONGS.get(buf, i + 8)
                | (long) LONGS.get(buf, i + 16) | (long) LONGS.get(buf, i + 24)) & HIGH_BITS) == 0) {
            i += 32;
        }
        while (i < to) {
            if (i + 8 <= to && ((long) LONGS.get(buf, i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int b = buf[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int len = sequenceLength(buf, i, to, b);
            if (len < 0) {
                return i;
            }
            i += len;
        }
        return -1;
    }

    private static int sequenceLength(byte[] buf, int i, int to, int b) {
        int len;
        int min2 = 0x80;
        int max2 = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            len = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            len = 3;
            if (b == 0xE0) {
                min2 = 0xA0;
            } else if (b == 0xED) {
                max2 = 0x9F;
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4;
            if (b == 0xF0) {
                min2 = 0x90;
            } else if (b == 0xF4) {
                max2 = 0x8F;
            }
        } else {
            return -1;
        }
        if (i + len > to) {
            return -1;
        }
        int c2 = buf[i + 1] & 0xFF;
        if (c2 < min2 || c2 > max2) {
            return -1;
        }
        for (int k = 2; k < len; k++) {
            if ((buf[i + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return len;
    }
}
