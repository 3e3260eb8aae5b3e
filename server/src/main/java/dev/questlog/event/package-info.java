/**
 * The event model every stage shares: {@link dev.questlog.event.Event} (the envelope of PRODUCT.md plus lossless
 * {@link dev.questlog.event.Attributes}), its JSON form ({@link dev.questlog.event.EventJson}), the record on stream
 * {@code events} ({@link dev.questlog.event.StoredEvent}, {@link dev.questlog.event.StoredEventCodec}), and the
 * validating parser of request bodies ({@link dev.questlog.event.EventParser}).
 *
 * <p>Trust boundary: {@code EventParser} is for producer input (limits, timestamp window, strict UTF-8, a reason for
 * every rejected event); {@code EventJson.read} and {@code StoredEventCodec.decode} are for what QuestLog wrote
 * itself (no window, failures are exceptions). This package depends on no stage.
 */
package dev.questlog.event;
