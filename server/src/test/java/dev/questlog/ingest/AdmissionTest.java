package dev.questlog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.questlog.config.CollectorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdmissionTest {
    @TempDir
    Path dir;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private Admission admission(int requests, long bytes, long minFreeDisk) {
        CollectorConfig c = new CollectorConfig(requests, bytes, Duration.ofSeconds(2), Duration.ofSeconds(30),
                minFreeDisk, Duration.ofSeconds(1), List.of(), 0, 1, 0, Duration.ofSeconds(30));
        return new Admission(c, dir, nanos::get);
    }

    @Test
    void boundsRequestsInFlight() {
        Admission a = admission(2, 1 << 20, 0);
        a.admitRequest();
        a.admitRequest();
        assertThatThrownBy(a::admitRequest).isInstanceOfSatisfying(Admission.Refusal.class,
                r -> assertThat(r.status).isEqualTo(429));
        a.releaseRequest();
        a.admitRequest();
        assertThat(a.requestsInFlight()).isEqualTo(2);
    }

    @Test
    void boundsBytesInFlightButLetsALoneRequestThrough() {
        Admission a = admission(10, 1000, 0);
        a.reserveBytes(5000);
        assertThatThrownBy(() -> a.reserveBytes(10)).isInstanceOf(Admission.Refusal.class);
        a.releaseBytes(5000);
        a.reserveBytes(600);
        assertThatThrownBy(() -> a.reserveBytes(600)).isInstanceOf(Admission.Refusal.class);
        assertThat(a.bytesInFlight()).isEqualTo(600);
    }

    @Test
    void refusesWith503WhileAnAppendLagsAndRecovers() {
        Admission a = admission(10, 1 << 20, 0);
        long ticket = a.appendStarted();
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThatThrownBy(a::admitRequest).isInstanceOfSatisfying(Admission.Refusal.class,
                r -> assertThat(r.status).isEqualTo(503));
        a.appendDone(ticket);
        a.admitRequest();
    }

    @Test
    void refusesWith503WhenTheDiskIsNearlyFull() {
        Admission a = admission(10, 1 << 20, Long.MAX_VALUE >> 2);
        assertThatThrownBy(a::admitRequest).isInstanceOfSatisfying(Admission.Refusal.class,
                r -> assertThat(r.status).isEqualTo(503)).hasMessageContaining("disk");
        assertThat(a.requestsInFlight()).isZero();
    }
}
