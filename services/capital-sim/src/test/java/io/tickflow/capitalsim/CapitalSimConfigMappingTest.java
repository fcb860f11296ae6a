package io.tickflow.capitalsim;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.tickflow.simulators.capital.CapitalComSimulatorConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capital-sim.*} keys reach the simulator's config (without starting Quarkus). */
class CapitalSimConfigMappingTest {

    private static CapitalComSimulatorConfig mapped(Map<String, String> overrides) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(CapitalSimConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus's "10ms" / "72h" syntax
                .withSources(new PropertiesConfigSource(CapitalSimConfigMappingTest.class.getResource("/application.properties"),
                        100))
                .withSources(new PropertiesConfigSource(overrides, "overrides", 400))
                .build();
        return CapitalSimulatorHost.simulatorConfig(config.getConfigMapping(CapitalSimConfig.class));
    }

    @Test
    void chaosAndOrderLogCapacityAreMapped() throws IOException {
        CapitalComSimulatorConfig defaults = mapped(Map.of());
        assertThat(defaults.chaosRate()).isZero();
        assertThat(defaults.chaosSeed()).isEqualTo(1L);
        assertThat(defaults.orderLogCapacity()).isEqualTo(50_000);

        CapitalComSimulatorConfig chaotic = mapped(Map.of("capital-sim.chaos.rate", "0.25", "capital-sim.chaos.seed", "7",
                "capital-sim.order-log-capacity", "20000"));
        assertThat(chaotic.chaosRate()).isEqualTo(0.25);
        assertThat(chaotic.chaosSeed()).isEqualTo(7L);
        assertThat(chaotic.orderLogCapacity()).isEqualTo(20_000);
    }
}
