package dev.questlog.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a setting's value is parsed from YAML (or from the text of an environment variable), rendered back
 * for {@code config defaults}, and described in error messages. Instances are immutable and thread-safe.
 *
 * @param <T> the Java type of the value
 */
public interface SettingType<T> {

    /** Parses a YAML node; throws {@link IllegalArgumentException} with what is allowed when it does not fit. */
    T parse(JsonNode node);

    /** Parses the text of an environment variable or a command-line override. */
    T parseText(String text);

    /** Renders a value as YAML text (a scalar, or a flow-style list). */
    String render(T value);

    /** What values are allowed, in words, for error messages and {@code config defaults}. */
    String allowed();

    static SettingType<Integer> integer(int min, int max) {
        return new Scalar<>("an integer from " + min + " to " + max, text -> {
            int v;
            try {
                v = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("out of range");
            }
            return v;
        }, String::valueOf);
    }

    static SettingType<Boolean> bool() {
        return new Scalar<>("true or false", text -> switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        }, String::valueOf);
    }

    static SettingType<String> string() {
        return new Scalar<>("a string", text -> text, v -> v.isEmpty() ? "\"\"" : v);
    }

    static SettingType<String> choice(String... choices) {
        List<String> allowed = List.of(choices);
        return new Scalar<>("one of " + String.join(", ", allowed), text -> {
            String v = text.strip();
            if (!allowed.contains(v)) {
                throw new IllegalArgumentException("not an allowed choice");
            }
            return v;
        }, v -> v);
    }

    /** Durations such as {@code 250ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d}, or ISO-8601 ({@code PT2M}). */
    static SettingType<Duration> duration(Duration min) {
        return new Scalar<>("a duration of at least " + Units.formatDuration(min) + " (e.g. 250ms, 30s, 10m, 2h, 7d)",
                text -> {
                    Duration d = Units.parseDuration(text);
                    if (d.compareTo(min) < 0) {
                        throw new IllegalArgumentException("too short");
                    }
                    return d;
                }, Units::formatDuration);
    }

    /** Byte sizes such as {@code 1048576}, {@code 512KiB}, {@code 5MiB}, {@code 1GiB} (KB, MB, GB mean the same powers of 1024). */
    static SettingType<Long> bytes(long min, long max) {
        return new Scalar<>("a size from " + Units.formatBytes(min) + " to " + Units.formatBytes(max)
                + " (e.g. 1048576, 512KiB, 5MiB, 1GiB)", text -> {
            long v = Units.parseBytes(text);
            if (v < min || v > max) {
                throw new IllegalArgumentException("out of range");
            }
            return v;
        }, Units::formatBytes);
    }

    /** A list of strings, written as a YAML list or, in an environment variable, comma-separated. */
    static SettingType<List<String>> stringList(Pattern each) {
        return new SettingType<>() {
            @Override
            public List<String> parse(JsonNode node) {
                if (node.isArray()) {
                    List<String> out = new ArrayList<>();
                    node.forEach(n -> out.add(check(n.asText())));
                    return List.copyOf(out);
                }
                return parseText(node.asText());
            }

            @Override
            public List<String> parseText(String text) {
                List<String> out = new ArrayList<>();
                for (String part : text.split(",")) {
                    if (!part.isBlank()) {
                        out.add(check(part.strip()));
                    }
                }
                return List.copyOf(out);
            }

            private String check(String s) {
                if (!each.matcher(s).matches()) {
                    throw new IllegalArgumentException("element '" + s + "' does not match " + each.pattern());
                }
                return s;
            }

            @Override
            public String render(List<String> value) {
                return "[" + String.join(", ", value) + "]";
            }

            @Override
            public String allowed() {
                return "a list of strings matching " + each.pattern();
            }
        };
    }

    /** A scalar setting: YAML scalars are read through their text. */
    record Scalar<T>(String allowed, Function<String, T> parser, Function<T, String> renderer) implements SettingType<T> {
        @Override
        public T parse(JsonNode node) {
            if (node.isContainerNode()) {
                throw new IllegalArgumentException("expected a single value, not a " + (node.isArray() ? "list" : "map"));
            }
            return parseText(node.asText());
        }

        @Override
        public T parseText(String text) {
            return parser.apply(text);
        }

        @Override
        public String render(T value) {
            return renderer.apply(value);
        }
    }

    /** Parsing helpers for units; package-private. */
    final class Units {
        private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
        private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

        private Units() {
        }

        static Duration parseDuration(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.startsWith("p")) {
                try {
                    return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("not a duration");
                }
            }
            Matcher m = DURATION.matcher(t);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a duration");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }

        static String formatDuration(Duration d) {
            long ms = d.toMillis();
            if (ms % 86_400_000L == 0 && ms > 0) {
                return ms / 86_400_000L + "d";
            }
            if (ms % 3_600_000L == 0 && ms > 0) {
                return ms / 3_600_000L + "h";
            }
            if (ms % 60_000L == 0 && ms > 0) {
                return ms / 60_000L + "m";
            }
            if (ms % 1000 == 0) {
                return ms / 1000 + "s";
            }
            return ms + "ms";
        }

        static long parseBytes(String text) {
            Matcher m = BYTES.matcher(text.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("not a size");
            }
            long n = Long.parseLong(m.group(1));
            int shift = switch (m.group(2)) {
                case "", "b" -> 0;
                case "k", "kb", "kib" -> 10;
                case "m", "mb", "mib" -> 20;
                default -> 30;
            };
            if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
                throw new IllegalArgumentException("too large");
            }
            return n << shift;
        }

        static String formatBytes(long v) {
            if (v > 0 && v % (1L << 30) == 0) {
                return (v >> 30) + "GiB";
            }
            if (v > 0 && v % (1L << 20) == 0) {
                return (v >> 20) + "MiB";
            }
            if (v > 0 && v % (1L << 10) == 0) {
                return (v >> 10) + "KiB";
            }
            return String.valueOf(v);
        }
    }
}
