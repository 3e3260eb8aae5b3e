package dev.questlog.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * One parse call of {@link EventParser}: walks the body's top level (array, envelope, lines) itself and hands each
 * event to a fresh Jackson parser over just that event, so that a broken event can be stepped over and its
 * neighbours still read. Not thread-safe; lives for one call.
 */
final class BodyReader {
    private static final byte[] EVENTS_KEY = "\"events\"".getBytes(StandardCharsets.US_ASCII);

    private final byte[] buf;
    private final int from;
    private final int to;
    private final ParserLimits limits;
    private final JsonFactory factory;
    private final EventReader reader;
    private final List<Outcome> out = new ArrayList<>();

    BodyReader(byte[] buf, int from, int to, ParserLimits limits, JsonFactory factory, long nowMillis) {
        this.buf = buf;
        this.from = from;
        this.to = to;
        this.limits = limits;
        this.factory = factory;
        this.reader = new EventReader(limits, nowMillis);
    }

    ParsedBatch read(BodyFormat format) {
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
            array(envelopeArray(pos), true);
        } else {
            int end = RawJson.valueEnd(buf, pos, to);
            if (format == BodyFormat.JSON || (end > 0 && skipWs(end) == to)) {
                single(pos, format == BodyFormat.JSON ? trimEnd(pos, to) : end);
            } else {
                lines(pos);
            }
        }
        return new ParsedBatch(out);
    }

    private void single(int start, int end) {
        element(start, end, true);
    }

    private void array(int open, boolean envelope) {
        int pos = skipWs(open + 1);
        if (pos < to && buf[pos] == ']') {
            pos++;
        } else {
            while (true) {
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
                if (pos >= to) {
                    throw new MalformedBodyException("truncated body: the array is not closed");
                }
                if (buf[pos] == ']') {
                    pos++;
                    break;
                }
                if (buf[pos] != ',') {
                    throw new MalformedBodyException("expected ',' or ']' at byte " + (pos - from) + ", found "
                            + describe(pos));
                }
                pos = skipWs(pos + 1);
            }
        }
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

    private void lines(int pos) {
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
     * Reads the event at {@code start} into an outcome. Standalone events (lines, a bare object) span exactly
     * {@code [start, limit)}; array elements end where their value ends.
     *
     * @return the end (exclusive) of the event, or -1 when it does not end before {@code limit}
     */
    private int element(int start, int limit, boolean standalone) {
        int index = out.size();
        if (buf[start] != '{') {
            int end = standalone ? limit : RawJson.valueEnd(buf, start, limit);
            if (end >= 0) {
                out.add(new Outcome.Invalid(index, null, null, Reasons.notAnObject(), copy(start, end)));
            }
            return end;
        }
        if (standalone && (limit - start > limits.maxEventBytes() || Utf8.firstInvalid(buf, start, limit) >= 0)) {
            out.add(new Outcome.Invalid(index, null, null, sliceReason(start, limit), copy(start, limit)));
            return limit;
        }
        int end;
        String failure = null;
        boolean valid = false;
        try (JsonParser p = factory.createParser(buf, start, limit - start)) {
            p.nextToken();
            valid = reader.read(p, buf, start);
            end = start + (int) p.currentLocation().getByteOffset();
        } catch (IOException e) {
            failure = failureReason(e);
            end = standalone ? limit : RawJson.valueEnd(buf, start, limit);
            if (end < 0) {
                return -1;
            }
        }
        String reason = standalone ? null : sliceReason(start, end);
        if (reason == null && standalone) {
            int rest = skipWs(end, limit);
            reason = failure == null && rest < limit ? Reasons.trailingData(rest - start) : failure;
        } else if (reason == null) {
            reason = failure;
        }
        if (reason == null && valid) {
            out.add(new Outcome.Valid(index, reader.event, copy(start, end)));
        } else {
            String field = reason == null ? reader.field : null;
            out.add(new Outcome.Invalid(index, reader.eventId, field, reason == null ? reader.reason : reason,
                    copy(start, end)));
        }
        return end;
    }

    /** Size and UTF-8 problems of an event's bytes, which outrank anything Jackson or the fields say. */
    private String sliceReason(int start, int end) {
        if (end - start > limits.maxEventBytes()) {
            return Reasons.tooLarge(limits.maxEventBytes());
        }
        int bad = Utf8.firstInvalid(buf, start, end);
        return bad < 0 ? null : Reasons.invalidUtf8(bad - start);
    }

    private String failureReason(IOException e) {
        if (e instanceof StreamConstraintsException && String.valueOf(e.getMessage()).contains("NestingDepth")) {
            return Reasons.tooDeep(limits.maxDepth());
        }
        if (e instanceof JsonProcessingException jpe) {
            long at = jpe.getLocation() == null ? -1 : jpe.getLocation().getByteOffset();
            return Reasons.invalidJson(at, shortMessage(jpe.getOriginalMessage()));
        }
        return Reasons.invalidJson(-1, String.valueOf(e.getMessage()));
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
