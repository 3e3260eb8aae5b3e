package dev.questlog.log.kafka;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;

/** Waits for the admin client's futures and turns their failures into unchecked exceptions. */
final class Calls {
    private Calls() {
    }

    /**
     * The value of a future, waiting at most {@code timeoutMillis}. A failure is rethrown as its cause when that is
     * unchecked (e.g. {@code TopicExistsException}, which callers match on), otherwise wrapped with {@code what}.
     */
    static <T> T get(Future<T> future, long timeoutMillis, String what) {
        try {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(what + ": interrupted", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new org.apache.kafka.common.errors.TimeoutException(what + ": no answer from Kafka within "
                    + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new KafkaException(what + " failed: " + e.getCause(), e.getCause());
        }
    }
}
