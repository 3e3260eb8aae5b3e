package dev.questlog.event;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

/**
 * A Jackson generator kept open over an in-memory buffer, so that writing many small JSON documents does not pay
 * for a generator (and its recycled buffers) each time. Each {@link #finish} returns one document. {@link #close}
 * hands the generator's buffers back to Jackson's pool (a writer that is just dropped leaves the pool to allocate
 * new ones). Not thread-safe.
 */
final class JsonWriter implements AutoCloseable {
    private final ByteArrayBuilder out = new ByteArrayBuilder(512);
    private final JsonGenerator g;

    JsonWriter() {
        try {
            g = Json.WRITER.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException("creating an in-memory generator failed", e);
        }
    }

    JsonGenerator generator() {
        return g;
    }

    /** The document written since the last call. */
    byte[] finish() throws IOException {
        g.flush();
        byte[] bytes = out.toByteArray();
        out.reset();
        return bytes;
    }

    @Override
    public void close() {
        try {
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing an in-memory generator failed", e);
        }
    }
}
