package dev.questlog.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventQueueTest {
    private static ClientEvent event(String type) {
        return ClientEvent.builder(type).build();
    }

    @Test
    void dropNewestKeepsWhatIsQueued() {
        EventQueue q = new EventQueue(2, OverflowPolicy.DROP_NEWEST);
        ClientEvent a = event("a");
        ClientEvent b = event("b");
        ClientEvent c = event("c");
        assertThat(q.offer(a)).isNull();
        assertThat(q.offer(b)).isNull();
        assertThat(q.offer(c)).isSameAs(c);
        assertThat(q.drainAll()).containsExactly(a, b);
    }

    @Test
    void dropOldestMakesRoom() {
        EventQueue q = new EventQueue(2, OverflowPolicy.DROP_OLDEST);
        ClientEvent a = event("a");
        ClientEvent b = event("b");
        ClientEvent c = event("c");
        q.offer(a);
        q.offer(b);
        assertThat(q.offer(c)).isSameAs(a);
        assertThat(q.drainAll()).containsExactly(b, c);
    }

    @Test
    void wakeEndsAWaitOnAnEmptyQueue() throws Exception {
        EventQueue q = new EventQueue(2, OverflowPolicy.DROP_OLDEST);
        Thread waker = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            q.wake();
        });
        // Without the wake this would wait an hour: the test finishing at all is the assertion.
        assertThat(q.poll(System.nanoTime() + 3_600_000_000_000L)).isNull();
        waker.join();
    }
}
