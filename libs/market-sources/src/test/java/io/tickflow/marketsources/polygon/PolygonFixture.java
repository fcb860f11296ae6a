package io.tickflow.marketsources.polygon;

import io.tickflow.events.Bar;
import io.tickflow.events.Tick;
import io.tickflow.marketsources.Backoff;
import io.tickflow.marketsources.SourceEvent;
import io.tickflow.marketsources.SymbolMap;
import io.tickflow.simulators.polygon.PolygonSimulator;
import io.tickflow.simulators.polygon.PolygonSimulatorConfig;
import io.vertx.mutiny.core.Vertx;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real Polygon simulator on a free port plus a client Vert.x; clients made here record what they emit. */
final class PolygonFixture implements AutoCloseable {

    static final SymbolMap SYMBOLS = SymbolMap.defaults();

    final PolygonSimulator simulator;
    final Vertx vertx = Vertx.vertx();
    private final List<AutoCloseable> clients = new ArrayList<>();

    PolygonFixture(PolygonSimulatorConfig config) {
        this.simulator = PolygonSimulator.start(config);
    }

    /** Quiet by default: tests publish exactly what they need. */
    static PolygonFixture quiet() {
        return new PolygonFixture(PolygonSimulatorConfig.builder().quotesPerSecond(0).tradesPerSecond(0).build());
    }

    /** Fast pings, short backoff: reconnect tests take milliseconds, not seconds. */
    PolygonStreamingConfig streamingConfig(String apiKey) {
        return PolygonStreamingConfig.of(URI.create(simulator.streamUrl()), apiKey)
                .withPing(Duration.ofMillis(200), Duration.ofMillis(1500))
                .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 0.2), Duration.ofMillis(300));
    }

    Recorder stream(PolygonStreamingConfig config) {
        PolygonStreamingClient client = new PolygonStreamingClient(vertx, SYMBOLS, config);
        clients.add(client);
        return new Recorder(client);
    }

    PolygonRestClient rest(PolygonRestConfig config) {
        PolygonRestClient client = new PolygonRestClient(vertx, SYMBOLS, config);
        clients.add(client);
        return client;
    }

    PolygonRestConfig restConfig() {
        return PolygonRestConfig.of(URI.create(simulator.restUrl()), simulator.config().apiKey())
                .withPacing(0)
                .withRetries(3, new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 0.2));
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        vertx.closeAndAwait();
        simulator.close();
    }

    /** A streaming client and everything it emitted. */
    static final class Recorder {
        final PolygonStreamingClient client;
        final List<Tick> ticks = new CopyOnWriteArrayList<>();
        final List<Bar> bars = new CopyOnWriteArrayList<>();
        final List<SourceEvent> events = new CopyOnWriteArrayList<>();

        Recorder(PolygonStreamingClient client) {
            this.client = client;
            client.ticks().subscribe().with(ticks::add);
            client.bars().subscribe().with(bars::add);
            client.events().subscribe().with(events::add);
        }

        Recorder subscribe(String... instruments) {
            client.subscribe(Set.of(instruments));
            return this;
        }

        List<SourceEvent.Type> types() {
            return events.stream().map(SourceEvent::type).toList();
        }

        long count(SourceEvent.Type type) {
            return events.stream().filter(event -> event.type() == type).count();
        }
    }
}
