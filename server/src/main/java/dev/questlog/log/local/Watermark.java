package dev.questlog.log.local;

/**
 * What readers of a partition may see: records below {@code endOffset}, whose bytes in {@code segment} end at
 * {@code position}. Published by the writer only once those records are durable (or written, with fsync
 * {@code none}), so a reader never sees a record that a crash could take back.
 */
record Watermark(long endOffset, Segment segment, long position) {
}
