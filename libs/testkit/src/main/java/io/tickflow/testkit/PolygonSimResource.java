package io.tickflow.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tickflow.simulators.polygon.PolygonSimulator;
import io.tickflow.simulators.polygon.PolygonSimulatorConfig;
import java.util.Map;

/**
 * A Polygon/Massive simulator (crypto WebSocket and REST aggregates) for a {@code @QuarkusTest}, in the test JVM on a free
 * port, with the service's {@code tickflow.polygon.*} settings pointed at it: {@code api-key}, {@code stream-url}
 * ({@code ws://127.0.0.1:PORT/crypto}, instead of {@code wss://socket.massive.com/crypto}) and {@code rest-url} (instead of
 * {@code https://api.massive.com}). Inject it into a field annotated {@link InjectPolygonSim} to drive faults (forced
 * disconnects, {@code max_connections}, silence, bad frames, 429s) or publish exact events from the test.
 *
 * <p>Optional init args ({@code @ResourceArg}): {@code seed}, {@code quotesPerSecond}, {@code tradesPerSecond},
 * {@code restRequestsPerMinute}.
 */
public class PolygonSimResource implements QuarkusTestResourceLifecycleManager {

    private PolygonSimulator simulator;
    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        simulator = PolygonSimulator.start(PolygonSimulatorConfig.builder()
                .port(0)
                .seed(Long.parseLong(args.getOrDefault("seed", "42")))
                .quotesPerSecond(Integer.parseInt(args.getOrDefault("quotesPerSecond", "20")))
                .tradesPerSecond(Integer.parseInt(args.getOrDefault("tradesPerSecond", "5")))
                .restRequestsPerMinute(Integer.parseInt(args.getOrDefault("restRequestsPerMinute", "0")))
                .build());
        return Map.of(
                "tickflow.polygon.api-key", simulator.config().apiKey(),
                "tickflow.polygon.stream-url", simulator.streamUrl(),
                "tickflow.polygon.rest-url", simulator.restUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(simulator,
                new TestInjector.AnnotatedAndMatchesType(InjectPolygonSim.class, PolygonSimulator.class));
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
