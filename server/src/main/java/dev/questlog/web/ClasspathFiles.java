package dev.questlog.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves read-only files from one classpath folder. Paths are checked against a strict pattern (no {@code ..}, no
 * empty segment, no backslash), so a request can never reach a resource outside the folder. Thread-safe.
 */
final class ClasspathFiles {
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9_.@-]*(/[A-Za-z0-9_@-][A-Za-z0-9_.@-]*)*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "map", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "md", "text/markdown; charset=utf-8");

    private final String folder;
    private final boolean immutable;

    /**
     * @param folder    classpath folder, ending with {@code /}
     * @param immutable true when the files under a path never change (versioned WebJars): cached for a day;
     *                  otherwise the browser revalidates every time, so a new server version shows at once
     */
    ClasspathFiles(String folder, boolean immutable) {
        if (!folder.endsWith("/")) {
            throw new IllegalArgumentException("folder must end with '/', was '" + folder + "'");
        }
        this.folder = folder;
        this.immutable = immutable;
    }

    /** Answers the file at {@code path} (relative to the folder), or 404 as JSON. */
    void serve(Context ctx, String path) {
        // Only known file types: this also keeps classpath folders (which read as listings) out.
        if (!SAFE_PATH.matcher(path).matches() || contentType(path) == null) {
            throw ApiException.notFound("no such file: " + path);
        }
        byte[] bytes = read(folder + path);
        if (bytes == null) {
            throw ApiException.notFound("no such file: " + path);
        }
        ctx.header("Cache-Control", immutable ? "public, max-age=86400" : "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(contentType(path)).result(bytes);
    }

    /** The content type of a served file, or null for a type this server does not serve. */
    static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.get(ext);
    }

    private static byte[] read(String resource) {
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
    }
}
