package dev.questlog.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The measured figures of the end-to-end tests, printed and merged into {@code target/e2e-figures.json} (one section
 * per test class) so BENCHMARKS.md can quote them with the command that produced them.
 */
final class Figures {
    private static final Path FILE = Path.of("target", "e2e-figures.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Figures() {
    }

    static synchronized void record(String section, Map<String, ?> figures) throws IOException {
        System.out.println("[e2e figures] " + section + " " + figures);
        Files.createDirectories(FILE.getParent());
        ObjectNode root = Files.isRegularFile(FILE) ? (ObjectNode) JSON.readTree(FILE.toFile()) : JSON.createObjectNode();
        root.set(section, JSON.valueToTree(figures));
        JSON.writerWithDefaultPrettyPrinter().writeValue(FILE.toFile(), root);
    }
}
