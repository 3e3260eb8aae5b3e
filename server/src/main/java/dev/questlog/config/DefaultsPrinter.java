package dev.questlog.config;

import java.util.ArrayList;
import java.util.List;

/** Renders every declared setting with its default and meaning as commented YAML ({@code ./questlog config defaults}). */
public final class DefaultsPrinter {
    private DefaultsPrinter() {
    }

    public static String render(List<Setting<?>> settings) {
        StringBuilder out = new StringBuilder("# QuestLog configuration: every key with its default.\n")
                .append("# Load a file with --config FILE; override any key with the environment variable named beside it.\n");
        List<String> openPath = new ArrayList<>();
        for (Setting<?> s : settings) {
            String[] parts = s.key().split("\\.");
            int common = 0;
            while (common < openPath.size() && common < parts.length - 1 && openPath.get(common).equals(parts[common])) {
                common++;
            }
            while (openPath.size() > common) {
                openPath.remove(openPath.size() - 1);
            }
            for (int i = common; i < parts.length - 1; i++) {
                out.append('\n').append("  ".repeat(i)).append(parts[i]).append(":\n");
                openPath.add(parts[i]);
            }
            String indent = "  ".repeat(parts.length - 1);
            out.append(indent).append("# ").append(s.doc()).append('\n');
            out.append(indent).append("# allowed: ").append(s.type().allowed()).append("; env: ").append(s.envName()).append('\n');
            out.append(indent).append(parts[parts.length - 1]).append(": ").append(renderValue(s)).append('\n');
        }
        return out.toString();
    }

    private static <T> String renderValue(Setting<T> s) {
        return s.type().render(s.defaultValue());
    }
}
