package io.tickflow.e2e;

import static org.awaitility.Awaitility.await;

import io.tickflow.testkit.KafkaTestClient;
import io.tickflow.testkit.TestKafka;
import io.tickflow.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running Tickflow: the test JVM's broker and PostgreSQL, capital-sim and the named services as processes from
 * their packaged jars, configured the way production configures them (system properties here, environment there).
 */
final class Platform implements AutoCloseable {

    final TestPostgres.Database db;
    final KafkaTestClient kafka;
    final ServiceProcess sim;
    final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final List<ServiceProcess> started = new ArrayList<>();
    private Map<String, String> serviceSettings = Map.of();
    private int restarts;

    private Platform(TestPostgres.Database db, KafkaTestClient kafka, ServiceProcess sim) {
        this.db = db;
        this.kafka = kafka;
        this.sim = sim;
        started.add(sim);
    }

    static Platform start(String database, Map<String, String> simSettings, List<String> names,
            Map<String, String> serviceSettings) throws Exception {
        Path root = repositoryRoot();
        String bootstrap = TestKafka.bootstrapServers();
        // the ITs of this module share one broker: each platform gets its own topics, as each gets its own database
        String prefix = database + ".";
        TestKafka.createTopics(prefix);
        TestPostgres.Database db = TestPostgres.createDatabase(database);
        // capital-sim also hosts the Polygon and Alpha Vantage simulators (market-data's backup sources), on ports of
        // their own: free ones here, so a platform never collides with `make run` or another platform
        int polygonPort = ServiceProcess.freePort();
        int alphaVantagePort = ServiceProcess.freePort();
        Map<String, String> simWithSources = new HashMap<>(simSettings);
        simWithSources.putIfAbsent("polygon-sim.port", Integer.toString(polygonPort));
        simWithSources.putIfAbsent("alphavantage-sim.port", Integer.toString(alphaVantagePort));
        ServiceProcess sim = ServiceProcess.start(root, "capital-sim", simWithSources);
        Platform platform = new Platform(db, new KafkaTestClient(bootstrap, prefix), sim);
        try {
            await().atMost(Duration.ofSeconds(90)).until(sim::ready);
            Map<String, String> common = new HashMap<>(serviceSettings);
            common.put("tickflow.topic-prefix", prefix);
            common.put("kafka.bootstrap.servers", bootstrap);
            common.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
            common.put("quarkus.datasource.reactive.url", db.reactiveUrl());
            common.put("quarkus.datasource.username", db.user());
            common.put("quarkus.datasource.password", db.password());
            common.put("tickflow.capital.base-url", sim.url());
            common.put("tickflow.polygon.stream-url", "ws://127.0.0.1:" + simWithSources.get("polygon-sim.port")
                    + "/crypto");
            common.put("tickflow.polygon.rest-url", "http://127.0.0.1:" + simWithSources.get("polygon-sim.port"));
            common.put("tickflow.alphavantage.base-url", "http://127.0.0.1:"
                    + simWithSources.get("alphavantage-sim.port"));
            // a consumer must see what was produced before it joined (the probe strategy counts every tick)
            common.put("mp.messaging.connector.smallrye-kafka.auto.offset.reset", "earliest");
            platform.serviceSettings = Map.copyOf(common);
            for (String name : names) {
                ServiceProcess p = ServiceProcess.start(root, name, common);
                platform.started.add(p);
                platform.services.put(name, p);
            }
            for (ServiceProcess p : platform.services.values()) {
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(p::ready);
            }
            return platform;
        } catch (Exception | AssertionError e) {
            platform.close();
            throw e;
        }
    }

    /** kill -9 of a service, then a fresh start of the same jar with the same settings; waits until it is ready. */
    ServiceProcess crashAndRestart(String name) throws Exception {
        services.get(name).kill();
        return startAgain(name);
    }

    /** SIGTERM (a rollout), wait for the process to exit, then start it again and wait until it is ready. */
    ServiceProcess stopAndRestart(String name) throws Exception {
        services.get(name).close();
        return startAgain(name);
    }

    private ServiceProcess startAgain(String name) throws Exception {
        ServiceProcess p = ServiceProcess.start(repositoryRoot(), name, serviceSettings, name + "-restart-" + ++restarts);
        started.add(p);
        services.put(name, p);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(p::ready);
        return p;
    }

    /** Stops every process it started; calling it again does nothing. */
    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess p : started.reversed()) {
            p.close();
        }
        started.clear();
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("services"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
