package io.tickflow.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tickflow.simulators.alphavantage.AlphaVantageSimulator;
import io.tickflow.simulators.alphavantage.AlphaVantageSimulatorConfig;
import java.time.Duration;
import java.util.Map;

/**
 * An Alpha Vantage simulator for a {@code @QuarkusTest}, in the test JVM on a free port, with the service's
 * {@code tickflow.alphavantage.*} settings pointed at it: {@code api-key} and {@code base-url} (instead of
 * {@code https://www.alphavantage.co}). It keeps the free tier's limits (25 requests a day, one a second) unless init args
 * say otherwise, so a service that would overrun them fails its tests. Inject it into a field annotated
 * {@link InjectAlphaVantageSim} to throttle requests or serve exact series.
 *
 * <p>Optional init args ({@code @ResourceArg}): {@code seed}, {@code requestsPerDay}, {@code minSpacingMillis},
 * {@code throttleKey} ({@code Information} or {@code Note}).
 */
public class AlphaVantageSimResource implements QuarkusTestResourceLifecycleManager {

    private AlphaVantageSimulator simulator;
    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        simulator = AlphaVantageSimulator.start(AlphaVantageSimulatorConfig.builder()
                .port(0)
                .seed(Long.parseLong(args.getOrDefault("seed", "42")))
                .requestsPerDay(Integer.parseInt(args.getOrDefault("requestsPerDay", "25")))
                .minSpacing(Duration.ofMillis(Long.parseLong(args.getOrDefault("minSpacingMillis", "1000"))))
                .throttleKey(args.getOrDefault("throttleKey", "Information"))
                .build());
        return Map.of(
                "tickflow.alphavantage.api-key", simulator.config().apiKey(),
                "tickflow.alphavantage.base-url", simulator.baseUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(simulator,
                new TestInjector.AnnotatedAndMatchesType(InjectAlphaVantageSim.class, AlphaVantageSimulator.class));
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
