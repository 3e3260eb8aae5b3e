package dev.questlog.log.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The journal's on-disk layout (big-endian). A journal file is a fixed-size, zero-filled file reused many times:
 * <pre>
 * file header, block 0:  int32 FILE_MAGIC, int32 version 1, int64 generation, int64 nonce, int32 crc of [0, 24)
 * chunks from block 1, each starting on a block boundary:
 *   0 int32 CHUNK_MAGIC
 *   4 int32 payloadLength
 *   8 int64 nonce          the file header's nonce: a chunk left from an earlier use of the file has another one
 *  16 int64 sequence       consecutive within a file, increasing over the whole journal
 *  24 int32 crc            CRC32C of bytes [8, 24) and of the payload
 *  28 int32 entries
 *  32 payload: per entry int16 streamLength, UTF-8 stream, int32 partition, int32 length, the partition's batches
 *     exactly as written to its segment (each with its own length, CRC and offsets)
 * </pre>
 * A chunk is valid when its magic, nonce, sequence and CRC all match; reading a file stops at the first chunk that
 * is not. Stateless; thread-safe.
 */
final class JournalFormat {
    static final int FILE_MAGIC = 0x514C4A46; // "QLJF"
    static final int CHUNK_MAGIC = 0x514C4A43; // "QLJC"
    static final int FILE_HEADER_BYTES = 28;
    static final int CHUNK_HEADER_BYTES = 32;
    static final String SUFFIX = ".journal";
    static final String SPARE_SUFFIX = ".spare";

    private JournalFormat() {
    }

    static String fileName(long generation) {
        return String.format("%020d", generation) + SUFFIX;
    }

    static void putFileHeader(ByteBuffer b, long generation, long nonce) {
        b.putInt(0, FILE_MAGIC).putInt(4, 1).putLong(8, generation).putLong(16, nonce);
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(0).limit(24));
        b.putInt(24, (int) crc.getValue());
    }

    /** The nonce of a valid file header, or 0 when the header is missing or damaged. */
    static long readFileNonce(ByteBuffer b) {
        if (b.limit() < FILE_HEADER_BYTES || b.getInt(0) != FILE_MAGIC || b.getInt(4) != 1) {
            return 0;
        }
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(0).limit(24));
        return b.getInt(24) == (int) crc.getValue() ? b.getLong(16) : 0;
    }

    /** Bytes one entry takes in a chunk. */
    static int entrySize(byte[] stream, int batchBytes) {
        return 2 + stream.length + 4 + 4 + batchBytes;
    }

    static void putEntry(ByteBuffer b, byte[] stream, int partition, ByteBuffer batches) {
        b.putShort((short) stream.length).put(stream).putInt(partition).putInt(batches.remaining()).put(batches);
    }

    /** Fills in the header of the chunk whose payload is {@code [CHUNK_HEADER_BYTES, CHUNK_HEADER_BYTES + len)}. */
    static void putChunkHeader(ByteBuffer chunk, int payloadLength, long nonce, long sequence, int entries) {
        chunk.putInt(0, CHUNK_MAGIC).putInt(4, payloadLength).putLong(8, nonce).putLong(16, sequence)
                .putInt(28, entries);
        chunk.putInt(24, chunkCrc(chunk, payloadLength));
    }

    private static int chunkCrc(ByteBuffer chunk, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(chunk.duplicate().position(8).limit(24));
        crc.update(chunk.duplicate().position(CHUNK_HEADER_BYTES).limit(CHUNK_HEADER_BYTES + payloadLength));
        return (int) crc.getValue();
    }

    /**
     * The payload length of the valid chunk at the start of {@code chunk} (which extends to the end of the file),
     * or -1 when there is none: wrong magic or nonce, another sequence than {@code sequence} (any when it is
     * negative), a length past the end, or a CRC mismatch.
     */
    static int validChunk(ByteBuffer chunk, long nonce, long sequence) {
        if (chunk.remaining() < CHUNK_HEADER_BYTES || chunk.getInt(chunk.position()) != CHUNK_MAGIC) {
            return -1;
        }
        ByteBuffer c = chunk.slice();
        int length = c.getInt(4);
        if (length < 0 || length > c.limit() - CHUNK_HEADER_BYTES || c.getLong(8) != nonce
                || (sequence >= 0 && c.getLong(16) != sequence)) {
            return -1;
        }
        return c.getInt(24) == chunkCrc(c, length) ? length : -1;
    }

    /** One entry of a valid chunk, read back. */
    record Entry(String stream, int partition, ByteBuffer batches) {
    }

    /** Reads the entry at {@code b}'s position and advances past it. */
    static Entry readEntry(ByteBuffer b) {
        byte[] name = new byte[b.getShort()];
        b.get(name);
        int partition = b.getInt();
        int length = b.getInt();
        ByteBuffer batches = b.slice(b.position(), length);
        b.position(b.position() + length);
        return new Entry(new String(name, StandardCharsets.UTF_8), partition, batches);
    }
}
