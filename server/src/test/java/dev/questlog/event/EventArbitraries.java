package dev.questlog.event;

import static dev.questlog.event.EventFixtures.TIMESTAMP;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of events with awkward content: odd number texts, escapes, unicode, deep nesting. */
final class EventArbitraries {
    private static final List<String> ODD_NUMBERS = List.of("1.50", "1e3", "-0", "1E+3", "0.000", "-0.0", "2e-7",
            "123456789012345678901234567890", "1.7976931348623157e308", "4.9E-324", "0");
    private static final List<String> ODD_STRINGS = List.of("\"\"", "\"caf\\u00e9\"", "\"a\\nb\\tc\"", "\"\\\\\"",
            "\"\\/\"", "\"\\\"q\\\"\"", "\"\\ud83d\\udc09\"", "\"日本語\"", "\"🐉\"");

    private EventArbitraries() {
    }

    /** Text that UTF-8 can carry (no lone surrogates), with control characters, quotes and non-BMP code points. */
    static Arbitrary<String> text() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('\u0000', '\u00ff').withCharRange('\u0100',
                '\u07ff').withCharRange('\u3040', '\u30ff').ofMaxLength(12);
        return Arbitraries.oneOf(plain, plain.map(s -> s + "🐉" + s), Arbitraries.of("", "\"", "\\", "\u2028"));
    }

    static Arbitrary<String> eventType() {
        return Arbitraries.strings().withChars("abcxyzABCXYZ0123456789_.-").ofMinLength(1).ofMaxLength(64);
    }

    static Arbitrary<String> uuid() {
        return Arbitraries.longs().tuple2().flatMap(t -> Arbitraries.of(true, false).map(upper -> {
            String s = new UUID(t.get1(), t.get2()).toString();
            return upper ? s.toUpperCase(Locale.ROOT) : s;
        }));
    }

    static Arbitrary<Double> position() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.doubles().between(-10_000, 10_000)),
                net.jqwik.api.Tuple.of(2, Arbitraries.doubles()),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(-0.0, 0.0, 5.0, 1e300, -1e-300, Double.MIN_VALUE,
                        Double.MAX_VALUE, 1e15, 123456789012345.0)));
    }

    /** Compact raw JSON text of any value, up to {@code depth} levels of nesting. */
    static Arbitrary<String> rawJson(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.of(ODD_NUMBERS), Arbitraries.of(ODD_STRINGS),
                Arbitraries.of("true", "false", "null"), Arbitraries.longs().map(l -> Long.toString(l)),
                Arbitraries.doubles().map(d -> Double.toString(d)), text().map(Json::quote));
        if (depth <= 0) {
            return scalar;
        }
        Arbitrary<String> inner = Arbitraries.lazy(() -> rawJson(depth - 1));
        Arbitrary<String> array = inner.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Combinators.combine(text(), inner).as((k, v) -> Json.quote(k) + ":" + v)
                .list().ofMaxSize(3).map(l -> "{" + String.join(",", l) + "}");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalar), net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(2, object));
    }

    static Arbitrary<Attributes> attributes() {
        Arbitrary<String> name = Arbitraries.oneOf(text(), Arbitraries.of("score", "weapon", "event", "EVENT_ID"))
                .filter(n -> !Fields.ENVELOPE.contains(n));
        return Combinators.combine(name, rawJson(3)).as(List::of).list().ofMaxSize(6)
                .uniqueElements(pair -> pair.get(0))
                .map(pairs -> {
                    Attributes.Builder b = Attributes.builder();
                    pairs.forEach(p -> b.raw(p.get(0), p.get(1)));
                    return b.build();
                });
    }

    /** Events whose timestamps lie inside the default window around {@link EventFixtures#NOW}. */
    static Arbitrary<Event> events() {
        Arbitrary<String> optText = text().injectNull(0.3);
        Arbitrary<Double> optPos = position().injectNull(0.3);
        Arbitrary<Long> time = Arbitraries.longs().between(TIMESTAMP - 86_400_000L * 29, TIMESTAMP + 86_400_000L);
        Arbitrary<Event> head = Combinators.combine(uuid(), eventType(), time, optText, optText, optText, optText,
                optText).as((id, type, ts, ver, app, appVer, client, session) ->
                new Event(id, type, ts, ver, app, appVer, client, session, null, null, null, null, null, null));
        return Combinators.combine(head, optText, optPos, optPos, optPos, time.injectNull(0.5), attributes())
                .as((e, level, x, y, z, sent, attrs) -> new Event(e.eventId(), e.eventType(), e.eventTimestamp(),
                        e.eventVersion(), e.appName(), e.appVersion(), e.clientId(), e.sessionId(), level, x, y, z,
                        sent, attrs));
    }
}
