package dev.questlog.live;

import dev.questlog.config.LiveConfig;
import dev.questlog.log.EventLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live tier: tumbling event-time windows per app (10 s and 1 min) computed by consumer group {@code live} on
 * stream {@code events}, their alert rules, and the recent history of closed windows. Thread-safe: every method may
 * be called from any thread.
 *
 * <p>Lifecycle: {@link #start} → (poll → count → advance the watermark → persist closed windows → evaluate alerts →
 * commit offsets) … → {@link #close}.
 */
public interface LiveWindows extends AutoCloseable {

    /**
     * The app's newest windows of one size, oldest first: up to {@code closed} closed ones, then the open ones
     * (which still change).
     *
     * @param window {@code 10s} or {@code 1m}
     */
    List<WindowSnapshot> windows(String app, String window, int closed);

    /** The current watermark, epoch ms: windows ending at or before it are closed. */
    long watermark();

    /** Alerts fired for an app, newest first. */
    List<FiredAlert> alerts(String app);

    /**
     * Calls {@code listener} with every window as it closes (on the aggregating thread: it must not block).
     *
     * @return closing it unsubscribes
     */
    AutoCloseable subscribe(Consumer<WindowSnapshot> listener);

    /** False once the consumer stopped on an unexpected error. */
    boolean healthy();

    @Override
    void close();

    /**
     * Loads the recent history from {@code store} and starts consuming.
     *
     * @param store where closed windows are persisted (it is closed with this)
     */
    static LiveWindows start(EventLog log, LiveConfig config, WindowStore store, InstantSource clock,
                             MeterRegistry registry) {
        return LiveAggregator.start(log, config, store, clock, registry);
    }
}
