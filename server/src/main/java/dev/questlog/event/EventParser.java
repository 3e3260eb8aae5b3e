package dev.questlog.event;

import java.time.InstantSource;
import java.util.Objects;

/**
 * Parses and validates request bodies of events (PRODUCT.md "The event") with Jackson's streaming parser.
 *
 * <p>Body shapes: a JSON array of event objects, an envelope {@code {"events":[…]}} (exactly that one field), NDJSON
 * (one object per line, blank lines skipped), or one bare object (a batch of one). A leading UTF-8 byte order mark is
 * skipped. Each event is checked on its own and becomes an {@link Outcome.Valid} or an {@link Outcome.Invalid} with
 * a reason naming the field; a bad event never spoils its neighbours. Only a body that is unusable as a whole (not
 * JSON, wrong top-level shape, truncated) throws {@link MalformedBodyException}.
 *
 * <p>Optional envelope fields given as JSON {@code null} count as absent. Envelope fields must not repeat, nor may
 * attributes; nested objects may hold anything JSON allows (they are kept as text).
 *
 * <p>Thread-safe: one instance serves all request threads. Timestamps are checked against {@code clock} read once
 * per call.
 */
public final class EventParser {
    /** Upper bound of the first guess of a body's event count (the batch's arrays grow past it when needed). */
    private static final int EXPECTED_EVENTS_MAX = 10_000;

    private final ParserLimits limits;
    private final InstantSource clock;
    private final BodyReader.Factories factories;

    public EventParser(ParserLimits limits, InstantSource clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.factories = BodyReader.Factories.of(limits.maxDepth());
    }

    public ParserLimits limits() {
        return limits;
    }

    /**
     * Parses {@code body[offset, offset + length)}. The outcomes hold copies of their raw bytes, so the caller may
     * reuse the body afterwards.
     *
     * @throws MalformedBodyException when the body as a whole is unusable
     */
    public ParsedBatch parse(byte[] body, int offset, int length, BodyFormat format) {
        Objects.checkFromIndexSize(offset, length, body.length);
        Objects.requireNonNull(format, "format");
        BodyReader.Outcomes out = new BodyReader.Outcomes();
        new BodyReader(body, offset, offset + length, limits, factories, clock.millis(), out, false).read(format);
        return new ParsedBatch(out.list);
    }

    /**
     * Checks {@code body[offset, offset + length)} exactly as {@link #parse} does (same verdicts, same reasons) but
     * keeps only what ingest needs of each valid event (see {@link ScannedBatch}), without copying its bytes. The
     * batch views {@code body}, so the caller must leave the body unchanged while using it.
     *
     * @throws MalformedBodyException when the body as a whole is unusable
     */
    public ScannedBatch scan(byte[] body, int offset, int length, BodyFormat format) {
        Objects.checkFromIndexSize(offset, length, body.length);
        Objects.requireNonNull(format, "format");
        // Most events are a few hundred bytes; the arrays grow when the guess is short.
        ScannedBatch out = new ScannedBatch(body, Math.min(length / 200 + 1, EXPECTED_EVENTS_MAX));
        new BodyReader(body, offset, offset + length, limits, factories, clock.millis(), out.sink(), true)
                .read(format);
        return out;
    }

    /** Parses a whole array. */
    public ParsedBatch parse(byte[] body, BodyFormat format) {
        return parse(body, 0, body.length, format);
    }
}
