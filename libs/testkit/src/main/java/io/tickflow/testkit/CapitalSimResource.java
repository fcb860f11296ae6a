package io.tickflow.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tickflow.simulators.capital.CapitalComSimulator;
import io.tickflow.simulators.capital.CapitalComSimulatorConfig;
import java.util.Map;

/**
 * A Capital.com simulator for a {@code @QuarkusTest}, in the test JVM on a free port, with the service's
 * {@code tickflow.capital.*} settings pointed at it. Inject it into a field annotated {@link InjectCapitalSim} to
 * drive faults (hung orders, confirms that say "not found", dropped streams) from the test.
 */
public class CapitalSimResource implements QuarkusTestResourceLifecycleManager {

    private CapitalComSimulator simulator;
    private Map<String, String> args = Map.of();

    /**
     * Optional {@code @ResourceArg}s: {@code maxRequestsPerSecondPerSession} and {@code maxLoginsPerSecondPerApiKey}
     * (Capital.com's documented 10 and 1 by default; benchmarks raise them) and {@code quotesPerSecond} (20).
     */
    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        simulator = CapitalComSimulator.start(CapitalComSimulatorConfig.builder().port(0)
                .quotesPerSecond(Integer.parseInt(args.getOrDefault("quotesPerSecond", "20")))
                .maxRequestsPerSecondPerSession(Integer.parseInt(args.getOrDefault("maxRequestsPerSecondPerSession",
                        "10")))
                .maxLoginsPerSecondPerApiKey(Integer.parseInt(args.getOrDefault("maxLoginsPerSecondPerApiKey", "1")))
                .build());
        return Map.of(
                "tickflow.capital.base-url", simulator.baseUrl(),
                "tickflow.capital.api-key", CapitalComSimulatorConfig.DEFAULT_API_KEY,
                "tickflow.capital.identifier", CapitalComSimulatorConfig.DEFAULT_IDENTIFIER,
                "tickflow.capital.password", CapitalComSimulatorConfig.DEFAULT_PASSWORD);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(simulator,
                new TestInjector.AnnotatedAndMatchesType(InjectCapitalSim.class, CapitalComSimulator.class));
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
