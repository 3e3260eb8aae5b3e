package dev.questlog.lake.s3;

import dev.questlog.config.LakeConfig;
import java.net.ServerSocket;
import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 API server for tests: s3proxy in-process over an in-memory blob store, with AWS v2/v4 signatures checked,
 * on a free local port. Shared test kit for every test that needs S3.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "questlog-test-access";
    public static final String SECRET_KEY = "questlog-test-secret";

    private final S3Proxy proxy;
    private final URI endpoint;

    private S3ProxyServer(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    public static S3ProxyServer start() throws Exception {
        URI endpoint = URI.create("http://127.0.0.1:" + freePort());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        for (int i = 0; i < 1000 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        if (!"STARTED".equals(proxy.getState())) {
            throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
        }
        return new S3ProxyServer(proxy, endpoint);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Lake S3 settings pointing at this server; 5 MiB multipart threshold and parts. */
    public LakeConfig.S3 config(String bucket) {
        return new LakeConfig.S3(endpoint.toString(), bucket, "us-east-1", ACCESS_KEY, SECRET_KEY, true,
                5L << 20, 5L << 20);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
