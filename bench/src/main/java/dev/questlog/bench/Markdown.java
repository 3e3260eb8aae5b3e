package dev.questlog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Replaces one "## " section of a Markdown file (or appends it), leaving the others as they are. */
final class Markdown {
    private Markdown() {
    }

    static void replaceSection(Path file, String heading, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        int start = text.indexOf(heading + "\n");
        if (start < 0) {
            text = text.endsWith("\n\n") ? text + section : text + "\n" + section;
        } else {
            int next = text.indexOf("\n## ", start + heading.length());
            text = text.substring(0, start) + section + (next < 0 ? "" : text.substring(next + 1));
        }
        Files.writeString(file, text);
    }
}
