package dev.questlog.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * One parse call of {@link EventParser}. Arrays and NDJSON are first read in bulk by one Jackson parser over the
 * whole body (the fast path). At the first thing that path cannot take — a syntax error, a non-object element, two
 * objects on one line — it stops, and the careful path takes over from that event: it walks the top level itself
 * and gives each event its own Jackson parser, so that a broken event is stepped over (by bracket matching) and
 * its neighbours are still read, and top-level shape errors get a precise {@link MalformedBodyException}.
 * Not thread-safe; lives for one call.
 */
final class BodyReader {
    private static final byte[] EVENTS_KEY = "\"events\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * Jackson factories whose nesting limits make the event object level 1 wherever it sits: alone, in an array,
     * in the envelope's array.
     */
    record Factories(JsonFactory event, JsonFactory inArray, JsonFactory inEnvelope) {
        static Factories of(int maxDepth) {
            return new Factories(Json.factory(maxDepth), Json.factory(maxDepth + 1), Json.factory(maxDepth + 2));
        }
    }

    private final byte[] buf;
    private final int from;
    private final int to;
    private final ParserLimits limits;
    private final Factories factories;
    private final EventReader reader;
    /** The scan's reader of plain events (see {@link PlainEventReader}), or null when parsing in full. */
    private final PlainEventReader plain;
    private final Sink out;

    /**
     * Where the outcome of each event goes, in input order: a list of {@link Outcome}s ({@link EventParser#parse})
     * or a {@link ScannedBatch} ({@link EventParser#scan}).
     */
    interface Sink {
        /** Events taken so far (the index of the next one). */
        int size();

        /** The event in {@code buf[start, end)} is valid; {@code reader} holds what it read. */
        void valid(EventReader reader, byte[] buf, int start, int end);

        void invalid(Outcome.Invalid outcome);
    }

    /** The sink of {@link EventParser#parse}: every outcome an object holding a copy of its bytes. */
    static final class Outcomes implements Sink {
        final List<Outcome> list = new ArrayList<>();

        @Override
        public int size() {
            return list.size();
        }

        @Override
        public void valid(EventReader reader, byte[] buf, int start, int end) {
            list.add(new Outcome.Valid(list.size(), reader.event, Arrays.copyOfRange(buf, start, end)));
        }

        @Override
        public void invalid(Outcome.Invalid outcome) {
            list.add(outcome);
        }
    }

    /** @param lean whether the reader skips what {@link ScannedBatch} does not hold (see {@link EventReader}) */
    BodyReader(byte[] buf, int from, int to, ParserLimits limits, Factories factories, long nowMillis, Sink out,
               boolean lean) {
        this.buf = buf;
        this.from = from;
        this.to = to;
        this.limits = limits;
        this.factories = factories;
        this.reader = new EventReader(limits, nowMillis, lean);
        this.plain = lean ? new PlainEventReader(reader) : null;
        this.out = out;
    }

    /** Reads the whole body into the sink. */
    void read(BodyFormat format) {
        int pos = skipWs(skipBom(from));
        if (pos == to) {
            throw new MalformedBodyException("body is empty");
        }
        if (format == BodyFormat.NDJSON) {
            lines(pos);
        } else if (buf[pos] == '[') {
            array(pos, false);
        } else if (buf[pos] != '{') {
            throw new MalformedBodyException("body must be a JSON array, {\"events\":[…]} or JSON objects, "
                    + "but starts with " + describe(pos));
        } else if (envelopeArray(pos) >= 0) {
            array(pos, true);
        } else {
            int end = RawJson.valueEnd(buf, pos, to);
            if (format == BodyFormat.JSON || (end > 0 && skipWs(end) == to)) {
                element(pos, format == BodyFormat.JSON ? trimEnd(pos, to) : end, true);
            } else {
                lines(pos);
            }
        }
    }

    // ---- arrays and the envelope

    /** @param open the body's opening bracket: {@code [}, or the {@code {} of the envelope */
    private void array(int open, boolean envelope) {
        int first = envelope ? envelopeArray(open) + 1 : open + 1;
        if (startsPlain(first)) {
            // Event by event, each read by the plain reader or else by its own Jackson parser (see element).
            carefulArray(first, true, envelope);
            return;
        }
        JsonFactory f = envelope ? factories.inEnvelope() : factories.inArray();
        int elementStart = -1;
        int lastEnd = -1;
        try (JsonParser p = f.createParser(buf, open, to - open)) {
            p.nextToken();
            if (envelope) {
                p.nextToken();
                p.nextToken();
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                elementStart = open + (int) p.currentTokenLocation().getByteOffset();
                boolean valid = reader.read(p, buf, open);
                lastEnd = open + (int) p.currentLocation().getByteOffset();
                accept(elementStart, lastEnd, valid, null);
                elementStart = -1;
            }
            if (t == JsonToken.END_ARRAY) {
                finishArray(open + (int) p.currentLocation().getByteOffset(), envelope);
                return;
            }
            elementStart = open + (int) p.currentTokenLocation().getByteOffset();
        } catch (IOException | IllegalStateException e) {
            // The careful path below re-reads from the event (or separator) where Jackson stopped.
        }
        if (elementStart >= 0) {
            carefulArray(elementStart, true, envelope);
        } else {
            carefulArray(lastEnd >= 0 ? lastEnd : first, lastEnd < 0, envelope);
        }
    }

    private void carefulArray(int pos, boolean expectElement, boolean envelope) {
        pos = skipWs(pos);
        if (expectElement && out.size() == 0 && pos < to && buf[pos] == ']') {
            finishArray(pos + 1, envelope);
            return;
        }
        while (true) {
            if (expectElement) {
                if (pos >= to) {
                    throw new MalformedBodyException("truncated body: the array is not closed");
                }
                if (buf[pos] == ',' || buf[pos] == ']') {
                    throw new MalformedBodyException("expected an event at byte " + (pos - from) + ", found "
                            + describe(pos));
                }
                int end = element(pos, to, false);
                if (end < 0) {
                    throw new MalformedBodyException("truncated body: event " + out.size() + " is not terminated");
                }
                pos = skipWs(end);
            }
            expectElement = true;
            if (pos >= to) {
                throw new MalformedBodyException("truncated body: the array is not closed");
            }
            if (buf[pos] == ']') {
                finishArray(pos + 1, envelope);
                return;
            }
            if (buf[pos] != ',') {
                throw new MalformedBodyException("expected ',' or ']' at byte " + (pos - from) + ", found "
                        + describe(pos));
            }
            pos = skipWs(pos + 1);
        }
    }

    /** Checks what follows the array's closing bracket at {@code pos - 1}. */
    private void finishArray(int pos, boolean envelope) {
        pos = skipWs(pos);
        if (envelope) {
            if (pos >= to || buf[pos] != '}') {
                throw new MalformedBodyException("expected '}' closing {\"events\":[…]} at byte " + (pos - from)
                        + ", found " + describe(pos));
            }
            pos = skipWs(pos + 1);
        }
        if (pos != to) {
            throw new MalformedBodyException("unexpected data after the events at byte " + (pos - from));
        }
    }

    // ---- NDJSON

    private void lines(int pos) {
        if (plain != null) {
            pos = plainLines(pos);
            if (pos >= to) {
                return;
            }
        }
        int lineStart = pos;
        try (JsonParser p = factories.event().createParser(buf, pos, to - pos)) {
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                int start = pos + (int) p.currentTokenLocation().getByteOffset();
                boolean valid = reader.read(p, buf, pos);
                int end = pos + (int) p.currentLocation().getByteOffset();
                // One object per line, as the careful path sees it: an object spanning lines, or followed by more
                // on its line, is left to the careful path, so that the outcome never depends on which path ran.
                int lineEnd = indexOfNewline(start);
                if (lineEnd < end || skipWs(end, lineEnd) != lineEnd) {
                    break;
                }
                accept(start, end, valid, null);
                lineStart = lineEnd + 1;
            }
            if (t == null) {
                return;
            }
        } catch (IOException | IllegalStateException e) {
            // The careful path below re-reads from the line where Jackson stopped.
        }
        carefulLines(lineStart);
    }

    /**
     * Reads lines of plain events (see {@link PlainEventReader}) from {@code pos}, a line's start, up to the first
     * line that is not one, whose start it returns ({@code to} when all were): the Jackson path takes over from
     * there, so every other line is judged exactly as without this path.
     */
    private int plainLines(int pos) {
        while (pos < to) {
            int lineEnd = indexOfNewline(pos);
            int start = skipWs(pos, lineEnd);
            int end = trimEnd(start, lineEnd);
            if (start < end && plainEvent(start, end, true) < 0) {
                return pos;
            }
            pos = lineEnd + 1;
        }
        return to;
    }

    private void carefulLines(int pos) {
        while (pos < to) {
            int lineEnd = indexOfNewline(pos);
            int start = skipWs(pos, lineEnd);
            int end = trimEnd(start, lineEnd);
            if (start < end) {
                element(start, end, true);
            }
            pos = lineEnd + 1;
        }
    }

    /**
     * Whether the scan should read this body event by event with the plain reader, which it does when the first
     * event is plain: producers send alike events, and a body of events that are not plain (nested attributes,
     * escapes, non-ASCII text) is cheaper for Jackson's bulk path than for one Jackson parser per event.
     */
    private boolean startsPlain(int pos) {
        if (plain == null) {
            return false;
        }
        pos = skipWs(pos);
        return pos < to && buf[pos] == '{' && plain.read(buf, pos, to) >= 0;
    }

    // ---- one event at a time

    /**
     * Records the event at {@code start} as valid when the plain reader proves it so (see {@link PlainEventReader})
     * and returns its end; else returns -1 having recorded nothing. A standalone event must fill its slice
     * [{@code start}, {@code limit}) (else Jackson's read names what follows it), all of whose bytes count towards
     * the size limit.
     */
    private int plainEvent(int start, int limit, boolean standalone) {
        if (plain == null || buf[start] != '{') {
            return -1;
        }
        int end = plain.read(buf, start, limit);
        if (end < 0 || (standalone ? skipWs(end, limit) != limit || limit - start > limits.maxEventBytes()
                : end - start > limits.maxEventBytes())) {
            return -1;
        }
        out.valid(reader, buf, start, end);
        return end;
    }

    /**
     * Reads the event at {@code start} with its own parser into an outcome. Standalone events (lines, a bare
     * object) span exactly {@code [start, limit)}; array elements end where their value ends.
     *
     * @return the end (exclusive) of the event, or -1 when it does not end before {@code limit}
     */
    private int element(int start, int limit, boolean standalone) {
        int plainEnd = plainEvent(start, limit, standalone);
        if (plainEnd >= 0) {
            return plainEnd;
        }
        if (buf[start] != '{') {
            int end = standalone ? limit : RawJson.valueEnd(buf, start, limit);
            if (end >= 0) {
                out.invalid(new Outcome.Invalid(out.size(), null, null, Reasons.notAnObject(), copy(start, end)));
            }
            return end;
        }
        String early = standalone ? sliceReason(start, limit) : null;
        if (early != null) {
            out.invalid(new Outcome.Invalid(out.size(), null, null, early, copy(start, limit)));
            return limit;
        }
        int end;
        String failure = null;
        boolean valid = false;
        try (JsonParser p = factories.event().createParser(buf, start, limit - start)) {
            p.nextToken();
            valid = reader.read(p, buf, start);
            end = start + (int) p.currentLocation().getByteOffset();
            int rest = skipWs(end, limit);
            if (standalone && rest < limit) {
                failure = Reasons.trailingData(rest - start);
                end = limit;
            }
        } catch (IOException | IllegalStateException e) {
            failure = failureReason(e);
            end = standalone ? limit : RawJson.valueEnd(buf, start, limit);
            if (end < 0) {
                return -1;
            }
        }
        accept(start, end, valid, failure);
        return end;
    }

    /** Adds the outcome of the event just read by {@link #reader} from {@code buf[start, end)}. */
    private void accept(int start, int end, boolean valid, String failure) {
        String reason = sliceReason(start, end);
        if (reason == null) {
            reason = failure;
        }
        if (reason == null && valid) {
            out.valid(reader, buf, start, end);
        } else if (reason == null) {
            out.invalid(new Outcome.Invalid(out.size(), reader.eventId(), reader.field, reader.reason,
                    copy(start, end)));
        } else {
            out.invalid(new Outcome.Invalid(out.size(), reader.eventId(), null, reason, copy(start, end)));
        }
    }

    /** Size and UTF-8 problems of an event's bytes, which outrank anything Jackson or the fields say. */
    private String sliceReason(int start, int end) {
        if (end - start > limits.maxEventBytes()) {
            return Reasons.tooLarge(limits.maxEventBytes());
        }
        int bad = Utf8.firstInvalid(buf, start, end);
        return bad < 0 ? null : Reasons.invalidUtf8(bad - start);
    }

    /**
     * Jackson reports syntax errors and broken limits as IOExceptions, and an overfull field-name table (a crafted
     * flood of distinct names) as an IllegalStateException; either spoils this event only.
     */
    private String failureReason(Exception e) {
        if (e instanceof StreamConstraintsException && String.valueOf(e.getMessage()).contains("NestingDepth")) {
            return Reasons.tooDeep(limits.maxDepth());
        }
        if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
            return Reasons.invalidJson(jpe.getLocation().getByteOffset(), shortMessage(jpe.getOriginalMessage()));
        }
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return Reasons.invalidJsonNoOffset(shortMessage(message));
    }

    /** Jackson's message without its location appendix (we give the byte offset ourselves). */
    private static String shortMessage(String message) {
        String m = String.valueOf(message);
        for (String cut : new String[] {"\n", " (start marker at", " at [Source"}) {
            int i = m.indexOf(cut);
            if (i >= 0) {
                m = m.substring(0, i);
            }
        }
        return m;
    }

    // ---- bytes

    /** Position of the array after {@code {"events":} when the object at {@code open} is an envelope, else -1. */
    private int envelopeArray(int open) {
        int p = skipWs(open + 1);
        if (to - p < EVENTS_KEY.length || !Arrays.equals(buf, p, p + EVENTS_KEY.length, EVENTS_KEY, 0,
                EVENTS_KEY.length)) {
            return -1;
        }
        p = skipWs(p + EVENTS_KEY.length);
        if (p >= to || buf[p] != ':') {
            return -1;
        }
        p = skipWs(p + 1);
        return p < to && buf[p] == '[' ? p : -1;
    }

    private int skipBom(int pos) {
        boolean bom = to - pos >= 3 && buf[pos] == (byte) 0xEF && buf[pos + 1] == (byte) 0xBB
                && buf[pos + 2] == (byte) 0xBF;
        return bom ? pos + 3 : pos;
    }

    private int skipWs(int pos) {
        return RawJson.skipWhitespace(buf, pos, to);
    }

    private int skipWs(int pos, int limit) {
        return RawJson.skipWhitespace(buf, pos, limit);
    }

    private int trimEnd(int start, int end) {
        while (end > start && RawJson.isWhitespace(buf[end - 1])) {
            end--;
        }
        return end;
    }

    private int indexOfNewline(int pos) {
        for (int i = pos; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    private String describe(int pos) {
        if (pos >= to) {
            return "the end of the body";
        }
        int b = buf[pos] & 0xFF;
        return b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02X", b);
    }

    private byte[] copy(int start, int end) {
        return Arrays.copyOfRange(buf, start, end);
    }
}
