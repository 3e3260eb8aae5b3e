package dev.questlog.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Health of the components of this process, for {@code GET /v1/health}. Each stage registers a check; the process
 * is ready only when every <em>required</em> component is up (e.g. the log must be open to ingest). Thread-safe.
 */
public final class Health {
    private record Check(BooleanSupplier up, boolean required) {
    }

    private final Map<String, Check> checks = new ConcurrentHashMap<>();

    /** Registers (or replaces) a component's check; checks must be cheap and must not throw. */
    public void register(String component, boolean required, BooleanSupplier up) {
        checks.put(component, new Check(up, required));
    }

    /** Status of each component ({@code up}/{@code down}), by name. */
    public Map<String, String> components() {
        Map<String, String> out = new LinkedHashMap<>();
        checks.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), isUp(e.getValue()) ? "up" : "down"));
        return out;
    }

    /** True when every required component is up (and at least one is registered). */
    public boolean ready() {
        return checks.values().stream().anyMatch(Check::required)
                && checks.values().stream().filter(Check::required).allMatch(Health::isUp);
    }

    private static boolean isUp(Check c) {
        try {
            return c.up().getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
