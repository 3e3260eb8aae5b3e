package dev.questlog.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** Jackson factories and small JSON text helpers shared by the event package. Thread-safe. */
final class Json {
    /** Nesting allowed when reading our own output back (the log, the lake): generous, never hit in practice. */
    static final int TRUSTED_MAX_DEPTH = 1000;

    /** For input QuestLog wrote itself, and for writing. */
    static final JsonFactory TRUSTED = factory(TRUSTED_MAX_DEPTH);

    /** For generators that write many root values one after another (nothing is written between them). */
    static final JsonFactory WRITER = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    private Json() {
    }

    /**
     * A factory for reading; field names are canonicalized (cheap repeated names) but not {@code String.intern}ed,
     * since producers choose them.
     */
    static JsonFactory factory(int maxDepth) {
        return JsonFactory.builder()
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                // Same doubles as the JDK's parser (both round correctly), several times faster: positions are
                // parsed for every ingested event.
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .build();
    }

    /** The JSON string literal of {@code s}, quotes included; non-ASCII characters are written as they are. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        return sb.append('"').toString();
    }

    /**
     * The shortest JSON text that reads back as exactly {@code v}: integral values without a fraction
     * ({@code 5}, not {@code 5.0}), {@code -0.0} kept as such, others as {@link Double#toString}.
     */
    static String numberText(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
