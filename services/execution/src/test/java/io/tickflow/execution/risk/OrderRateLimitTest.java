package io.tickflow.execution.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderRateLimitTest {

    @Test
    void refusesBeyondTheLimitWithinTheWindowAndRecoversAfterIt() {
        OrderRateLimit limit = new OrderRateLimit(3, Duration.ofMinutes(1));
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        assertThat(limit.tryAcquire(t0)).isTrue();
        assertThat(limit.tryAcquire(t0.plusSeconds(10))).isTrue();
        assertThat(limit.tryAcquire(t0.plusSeconds(20))).isTrue();
        assertThat(limit.tryAcquire(t0.plusSeconds(30))).isFalse();
        assertThat(limit.tryAcquire(t0.plusSeconds(59))).isFalse();
        assertThat(limit.tryAcquire(t0.plusSeconds(60))).isTrue(); // the first one left the window
        assertThat(limit.tryAcquire(t0.plusSeconds(61))).isFalse();
    }
}
