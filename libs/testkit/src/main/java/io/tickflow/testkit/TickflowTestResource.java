package io.tickflow.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Real infrastructure for a {@code @QuarkusTest}: the JVM's shared Kafka broker and PostgreSQL server, with a fresh
 * topic prefix (every Tickflow topic and DLQ created under it) and a fresh database for each test class. Use with
 * {@code @WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)} so the
 * class gets its own application instance too.
 *
 * <p>Services read topics as {@code ${tickflow.topic-prefix:}<topic>} in application.properties, which is how the
 * prefix reaches every channel without a test-only code path.
 */
public class TickflowTestResource implements QuarkusTestResourceLifecycleManager {

    private TestContext context;

    @Override
    public Map<String, String> start() {
        String id = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String bootstrap = TestKafka.bootstrapServers();
        String prefix = id + ".";
        TestKafka.createTopics(prefix);
        TestPostgres.Database db = TestPostgres.createDatabase(id);
        context = new TestContext(prefix, db, bootstrap);

        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("tickflow.topic-prefix", prefix);
        config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        config.put("quarkus.datasource.username", db.user());
        config.put("quarkus.datasource.password", db.password());
        // consumers of a fresh prefix must not miss what a test produced before their partitions were assigned
        config.put("mp.messaging.connector.smallrye-kafka.auto.offset.reset", "earliest");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(context,
                new TestInjector.AnnotatedAndMatchesType(InjectTestContext.class, TestContext.class));
    }

    @Override
    public void stop() {
        // the broker and server are shared by the JVM; the prefix and database are unique, so nothing leaks
    }
}
