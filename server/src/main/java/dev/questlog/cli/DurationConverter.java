package dev.questlog.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} (optionally negative) or ISO {@code PT30S}. */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(-?)(\\d+)\\s*(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(2));
            Duration d = switch (m.group(3)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return m.group(1).isEmpty() ? d : d.negated();
        }
        try {
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 30s, 5m, 2h, PT1M)");
        }
    }
}
