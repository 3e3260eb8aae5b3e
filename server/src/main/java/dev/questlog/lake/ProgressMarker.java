package dev.questlog.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The lake's own record of how far one partition of a stream is in files — the source of truth for resuming (the
 * consumer group's offset only follows it). Stored as a small JSON object in the same {@link ObjectStore} as the
 * files, at {@code _progress/<prefix>/partition-<p>.json}.
 *
 * @param partition  the log partition
 * @param nextOffset every record below this offset is in a published file; the next file starts at or after it
 * @param lastFiles  the files of the last completed cut (their pointers are re-sent after a restart: at-least-once)
 * @param pending    a cut being published, or null: its files may be partly published
 */
record ProgressMarker(int partition, long nextOffset, List<LakeFile> lastFiles, Cut pending) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A cut of all open batches of a partition at {@code nextOffset}.
     *
     * @param nextOffset the offset after the last record of the cut
     * @param files      the files of the cut
     */
    record Cut(long nextOffset, List<LakeFile> files) {
        Cut {
            files = List.copyOf(files);
        }
    }

    ProgressMarker {
        lastFiles = List.copyOf(lastFiles);
        if (partition < 0 || nextOffset < 0) {
            throw new IllegalArgumentException("progress marker needs partition and next offset >= 0, were "
                    + partition + ", " + nextOffset);
        }
        if (pending != null && pending.nextOffset() < nextOffset) {
            throw new IllegalArgumentException("pending cut at " + pending.nextOffset() + " is behind " + nextOffset);
        }
    }

    static String key(String prefix, int partition) {
        return "_progress/" + prefix + "/partition-" + partition + ".json";
    }

    ProgressMarker begin(Cut cut) {
        return new ProgressMarker(partition, nextOffset, lastFiles, cut);
    }

    /** The marker once the pending cut is wholly published. */
    ProgressMarker complete() {
        return new ProgressMarker(partition, pending.nextOffset(), pending.files(), null);
    }

    /** The marker once the pending cut is abandoned (its published files removed). */
    ProgressMarker rollBack() {
        return new ProgressMarker(partition, nextOffset, lastFiles, null);
    }

    byte[] toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("partition", partition).put("next_offset", nextOffset);
        n.set("files", files(lastFiles));
        if (pending != null) {
            ObjectNode c = n.putObject("pending");
            c.put("next_offset", pending.nextOffset());
            c.set("files", files(pending.files()));
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ArrayNode files(List<LakeFile> files) {
        ArrayNode a = JSON.createArrayNode();
        files.forEach(f -> a.add(f.toNode()));
        return a;
    }

    static ProgressMarker fromJson(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            JsonNode p = n.get("pending");
            Cut pending = p == null || p.isNull() ? null : new Cut(p.get("next_offset").asLong(), files(p.get("files")));
            return new ProgressMarker(n.get("partition").asInt(), n.get("next_offset").asLong(),
                    files(n.get("files")), pending);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable lake progress marker: " + e.getMessage(), e);
        }
    }

    private static List<LakeFile> files(JsonNode array) {
        List<LakeFile> out = new ArrayList<>();
        array.forEach(f -> out.add(LakeFile.fromNode(f)));
        return out;
    }
}
