package dev.questlog.testkit;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for something asynchronous (a consumer catching up) without asserting how long it takes. */
public final class Eventually {
    private Eventually() {
    }

    /**
     * Calls {@code check} until it returns without an {@link AssertionError}, for at most 30 s; then rethrows the last
     * failure.
     */
    public static <T> T await(Supplier<T> check) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return check.get();
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static void await(Runnable check) {
        await(() -> {
            check.run();
            return null;
        });
    }
}
