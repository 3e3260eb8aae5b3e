package dev.questlog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.event.BodyFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BodyDecoderTest {
    private static InputStream in(byte[] b) {
        return new ByteArrayInputStream(b);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(data);
        }
        return out.toByteArray();
    }

    private static int status(Runnable r) {
        try {
            r.run();
            return 200;
        } catch (IngestException e) {
            return e.status();
        }
    }

    @Test
    void contentTypesChooseTheFormat() {
        assertThat(BodyDecoder.format("application/json; charset=utf-8")).isEqualTo(BodyFormat.JSON);
        assertThat(BodyDecoder.format("application/x-ndjson")).isEqualTo(BodyFormat.NDJSON);
        assertThat(BodyDecoder.format(null)).isEqualTo(BodyFormat.AUTO);
        assertThat(status(() -> BodyDecoder.format("text/html"))).isEqualTo(415);
        assertThat(status(() -> BodyDecoder.format("application/x-www-form-urlencoded"))).isEqualTo(415);
    }

    @Test
    void readsPlainAndGzipBodiesUpToTheCap() throws Exception {
        byte[] body = "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8);
        BodyDecoder.Body plain = BodyDecoder.read(in(body), body.length, "application/json", null, 100);
        assertThat(new String(plain.bytes(), 0, plain.length(), StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1}]");
        BodyDecoder.Body unzipped = BodyDecoder.read(in(gzip(body)), -1, "application/json", "gzip", 100);
        assertThat(unzipped.length()).isEqualTo(body.length);
        BodyDecoder.Body exact = BodyDecoder.read(in(new byte[100]), -1, null, null, 100);
        assertThat(exact.length()).isEqualTo(100);
    }

    @Test
    void oversizeIs413EvenWhenTheLengthIsNotDeclaredOrTheBodyIsABomb() throws Exception {
        assertThat(status(() -> BodyDecoder.read(in(new byte[10]), 101, null, null, 100))).isEqualTo(413);
        assertThat(status(() -> BodyDecoder.read(in(new byte[101]), -1, null, null, 100))).isEqualTo(413);
        // 16 concatenated gzip members of 32 MiB of zeros: 512 MiB inflated from about half a megabyte
        byte[] member = gzip(new byte[32 << 20]);
        byte[] bomb = new byte[member.length * 16];
        for (int i = 0; i < 16; i++) {
            System.arraycopy(member, 0, bomb, i * member.length, member.length);
        }
        CountingStream counting = new CountingStream(in(bomb));
        assertThat(status(() -> BodyDecoder.read(counting, bomb.length, null, "gzip", 1 << 20))).isEqualTo(413);
        assertThat(counting.read).as("stopped early, long before the whole bomb was read").isLessThan(bomb.length / 4);
    }

    @Test
    void brokenGzipIs400AndUnknownEncodingsAre415() {
        assertThat(status(() -> BodyDecoder.read(in(new byte[] {1, 2, 3}), 3, null, "gzip", 100))).isEqualTo(400);
        assertThat(status(() -> BodyDecoder.read(in(new byte[1]), 1, null, "br", 100))).isEqualTo(415);
    }

    private static final class CountingStream extends InputStream {
        private final InputStream in;
        long read;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            read += Math.max(0, n);
            return n;
        }
    }
}
