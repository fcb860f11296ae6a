package io.tickflow.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

    @Test
    void opensAfterThresholdConsecutiveFailures() {
        assertThat(breaker.permits(20)).isEqualTo(20);
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.onSuccess(); // not consecutive any more
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.allowsMore()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allowsMore()).isFalse();
        assertThat(breaker.permits(20)).isZero();
        assertThat(breaker.reopensAt()).isEqualTo(clock.now.plusSeconds(30));
    }

    @Test
    void halfOpenAfterTheCoolDownLetsOneTrialThroughAndItsSuccessCloses() {
        open();
        clock.advance(Duration.ofSeconds(29));
        assertThat(breaker.permits(20)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.permits(20)).isEqualTo(1);
        assertThat(breaker.permits(20)).as("one trial at a time").isZero();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.permits(20)).isEqualTo(20);
    }

    @Test
    void aFailedTrialOpensForAnotherCoolDown() {
        open();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.permits(5)).isEqualTo(1);
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofSeconds(29));
        assertThat(breaker.permits(5)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.permits(5)).isEqualTo(1);
    }

    @Test
    void anUnusedTrialIsGivenBack() {
        open();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.permits(5)).isEqualTo(1);
        breaker.onTrialUnused();
        assertThat(breaker.permits(5)).isEqualTo(1);
    }

    @Test
    void gaugeValues() {
        assertThat(CircuitBreaker.State.CLOSED.gauge).isZero();
        assertThat(CircuitBreaker.State.HALF_OPEN.gauge).isEqualTo(1);
        assertThat(CircuitBreaker.State.OPEN.gauge).isEqualTo(2);
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure();
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
