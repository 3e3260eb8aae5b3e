package dev.questlog.warehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON codec of {@link Manifest}: {@code {"id":…,"files":[{"path":…,"app":…,"date":"yyyy-mm-dd","rows":n}]}}. */
public final class ManifestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ManifestJson() {
    }

    public static byte[] encode(Manifest manifest) {
        try {
            return MAPPER.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Manifest decode(byte[] json) {
        try {
            return MAPPER.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a manifest: " + e.getMessage(), e);
        }
    }
}
