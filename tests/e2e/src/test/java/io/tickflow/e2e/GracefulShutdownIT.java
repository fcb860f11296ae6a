package io.tickflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.events.EventCodec;
import io.tickflow.events.Signal;
import io.tickflow.events.Tick;
import io.tickflow.events.Topic;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A rollout's SIGTERM under load loses nothing and processes nothing twice: signals runs a strategy that decides on
 * every tick, is stopped with SIGTERM while ticks keep coming, and restarted; every tick must then have exactly one
 * signal (signal ids derive from the tick, so a tick processed twice shows up as a duplicate).
 */
class GracefulShutdownIT {

    private static final int TICKS = 1500;

    @Test
    void sigtermUnderLoadLosesNothingAndRepeatsNothing() throws Exception {
        try (Platform platform = Platform.start("tickflow_shutdown", Map.of("capital-sim.quotes-per-second", "0"),
                List.of("signals"), Map.of("tickflow.signals.strategy", "probe",
                        "tickflow.signals.parameters.everyN", "1"))) {
            Instant t0 = Instant.now();
            long interval = TimeUnit.SECONDS.toNanos(1) / 150;
            long next = System.nanoTime();
            for (int i = 0; i < TICKS; i++) {
                if (i == TICKS / 2) {
                    platform.stopAndRestart("signals");
                    next = System.nanoTime();
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                next += interval;
                BigDecimal mid = BigDecimal.valueOf(90_000 + i % 50);
                Instant at = t0.plusMillis(i);
                platform.kafka.send(Topic.TICKS, Tick.quote("BTCUSD", "test", mid, mid.add(BigDecimal.TEN), at, at));
            }
            List<ConsumerRecord<String, String>> signals = platform.kafka.awaitRecords(Topic.SIGNALS,
                    Duration.ofSeconds(120), l -> l.size() >= TICKS);
            Set<java.util.UUID> ticks = signals.stream()
                    .map(r -> EventCodec.decode(r.value(), Signal.class).triggerEventId())
                    .collect(Collectors.toSet());
            assertThat(ticks).as("ticks with a signal").hasSize(TICKS);
            assertThat(signals).as("signal records (a duplicate means a tick processed twice)").hasSize(TICKS);
        }
    }
}
