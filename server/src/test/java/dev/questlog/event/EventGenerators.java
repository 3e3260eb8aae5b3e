package dev.questlog.event;

import static dev.questlog.event.EventFixtures.TIMESTAMP;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Seeded random events with awkward content — odd number texts, escapes, control characters, non-BMP code points,
 * nesting — for round-trip tests. The same seed always gives the same event, so a failure names its seed.
 */
final class EventGenerators {
    private static final String[] ODD_NUMBERS = {"1.50", "1e3", "-0", "1E+3", "0.000", "-0.0", "2e-7",
        "123456789012345678901234567890", "1.7976931348623157e308", "4.9E-324", "0", "-9223372036854775808"};
    private static final String[] ODD_STRINGS = {"\"\"", "\"caf\\u00e9\"", "\"a\\nb\\tc\"", "\"\\\\\"", "\"\\/\"",
        "\"\\\"q\\\"\"", "\"\\ud83d\\udc09\"", "\"日本語\"", "\"🐉\"", "\"\\u0000\""};
    private static final String[] ODD_TEXTS = {"", "\"", "\\", "\u2028", "\u0000", "🐉", " ", "null"};
    private static final double[] ODD_DOUBLES = {-0.0, 0.0, 5.0, 1e300, -1e-300, Double.MIN_VALUE, Double.MAX_VALUE,
        1e15, 123456789012345.0, 0.1, 78.35};
    private static final char[][] CHAR_RANGES = {{0, 0xff}, {0x100, 0x7ff}, {0x3040, 0x30ff}};
    private static final String TYPE_CHARS = "abcxyzABCXYZ0123456789_.-";

    private final Random random;

    EventGenerators(long seed) {
        this.random = new Random(seed);
    }

    /** Text UTF-8 can carry (no lone surrogates). */
    String text() {
        if (random.nextInt(8) == 0) {
            return pick(ODD_TEXTS);
        }
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(13);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(20) == 0) {
                sb.append("🐉");
            } else {
                char[] range = CHAR_RANGES[random.nextInt(CHAR_RANGES.length)];
                sb.append((char) (range[0] + random.nextInt(range[1] - range[0] + 1)));
            }
        }
        return sb.toString();
    }

    String eventType() {
        int n = random.nextInt(4) == 0 ? 64 : 1 + random.nextInt(20);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(TYPE_CHARS.charAt(random.nextInt(TYPE_CHARS.length())));
        }
        return sb.toString();
    }

    String uuid() {
        String s = new UUID(random.nextLong(), random.nextLong()).toString();
        return random.nextBoolean() ? s.toUpperCase(Locale.ROOT) : s;
    }

    double position() {
        return switch (random.nextInt(5)) {
            case 0 -> ODD_DOUBLES[random.nextInt(ODD_DOUBLES.length)];
            case 1 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) * (random.nextBoolean() ? 1 : -1);
            default -> (random.nextDouble() - 0.5) * 20_000;
        };
    }

    /** Compact raw JSON text of any value, up to {@code depth} levels of nesting. */
    String rawJson(int depth) {
        int kind = random.nextInt(depth > 0 ? 10 : 6);
        return switch (kind) {
            case 0 -> pick(ODD_NUMBERS);
            case 1 -> pick(ODD_STRINGS);
            case 2 -> pick(new String[] {"true", "false", "null"});
            case 3 -> random.nextBoolean() ? Long.toString(random.nextLong()) : Double.toString(random.nextDouble());
            case 4, 5 -> Json.quote(text());
            case 6, 7 -> {
                List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(rawJson(depth - 1));
                }
                yield "[" + String.join(",", items) + "]";
            }
            default -> {
                List<String> members = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    members.add(Json.quote(text()) + ":" + rawJson(depth - 1));
                }
                yield "{" + String.join(",", members) + "}";
            }
        };
    }

    Attributes attributes() {
        Attributes.Builder b = Attributes.builder();
        List<String> names = new ArrayList<>();
        for (int i = random.nextInt(7); i > 0; i--) {
            String name = random.nextInt(4) == 0 ? pick(new String[] {"score", "weapon", "event", "EVENT_ID"})
                    : text();
            if (!names.contains(name) && !Fields.ENVELOPE.contains(name)) {
                names.add(name);
                b.raw(name, rawJson(3));
            }
        }
        return b.build();
    }

    /** An event whose timestamps lie inside the default window around {@link EventFixtures#NOW}. */
    Event event() {
        return new Event(uuid(), eventType(), time(), optText(), optText(), optText(), optText(), optText(),
                optText(), optPosition(), optPosition(), optPosition(), random.nextBoolean() ? time() : null,
                attributes());
    }

    private long time() {
        return TIMESTAMP - 86_400_000L * 29 + (long) (random.nextDouble() * 86_400_000L * 30);
    }

    private String optText() {
        return random.nextInt(10) < 3 ? null : text();
    }

    private Double optPosition() {
        return random.nextInt(10) < 3 ? null : position();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
