package dev.questlog.warehouse;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A set of lake files loaded together in one transaction (the talk's COPY manifest). Its id is derived from the
 * sorted file paths, so the same files always make the same manifest and a redelivered batch is recognised.
 *
 * @param id    {@code [0-9a-f]{32}}; the manifest is kept in the lake as {@code manifests/<id>.json}
 * @param files the lake files, sorted by path, without duplicates
 */
public record Manifest(@JsonProperty("id") String id, @JsonProperty("files") List<ManifestFile> files) {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    public Manifest {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("manifest id must be 32 hex digits, was '" + id + "'");
        }
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("manifest " + id + " has no files");
        }
    }

    /** The manifest of these files (order and repeats do not matter). */
    public static Manifest of(List<ManifestFile> files) {
        List<ManifestFile> sorted = files.stream().distinct()
                .sorted(java.util.Comparator.comparing(ManifestFile::path)).toList();
        return new Manifest(idOf(sorted.stream().map(ManifestFile::path).toList()), sorted);
    }

    /** Where the manifest is kept in the lake. */
    public String lakeKey() {
        return "manifests/" + id + ".json";
    }

    public List<String> paths() {
        return files.stream().map(ManifestFile::path).toList();
    }

    private static String idOf(List<String> sortedPaths) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : sortedPaths) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
