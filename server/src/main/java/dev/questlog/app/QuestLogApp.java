package dev.questlog.app;

import dev.questlog.config.QuestLogConfig;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * The assembly: the one place that wires the stages together from the configuration. Stages know only the event
 * model, the config records and each other's interfaces; which implementation runs is decided here.
 */
public final class QuestLogApp implements AutoCloseable {
    private final QuestLogConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private QuestLogApp(QuestLogConfig config) {
        this.config = config;
    }

    /** Starts every stage of the configured roles; returns once they are running. */
    public static QuestLogApp start(QuestLogConfig config) {
        QuestLogApp app = new QuestLogApp(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app.stopped::countDown, "questlog-shutdown"));
        return app;
    }

    public void printBanner(PrintStream out) {
        out.println("QuestLog: data directory " + config.dataDir().toAbsolutePath().normalize());
        out.println("Not there yet: the HTTP collector, log, lake, warehouse, hot and live tiers, dashboard"
                + " and simulator are being built (see the open issues); nothing is served yet.");
    }

    public void startDemoTraffic(PrintStream out) {
        out.println("Not there yet: the game simulator; no demo traffic is sent.");
    }

    /** Blocks until the process is asked to stop (Ctrl-C / SIGTERM) or {@link #close()} is called. */
    public void awaitShutdown() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped.countDown();
    }
}
