package io.tickflow.marketdata.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tickflow.events.EventCodec;
import io.tickflow.events.EventHeaders;
import io.tickflow.events.Tick;
import io.tickflow.events.Topic;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.KafkaTestClient;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TestKafka;
import io.tickflow.testkit.TickflowTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The storage consumer alone (no Capital.com stream): redelivery, refused rows and a blocked database. */
@QuarkusTest
@TestProfile(TickStorageTest.StorageOnly.class)
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class TickStorageTest {

    private static final String GROUP = "market-data-tick-store";

    public static class StorageOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a random HTTP port: other modules' tests may run on the machine at the same time
            return Map.of("tickflow.market-data.streaming-enabled", "false", "quarkus.http.test-port", "0");
        }
    }

    @InjectTestContext
    TestContext ctx;

    @Inject
    MeterRegistry registry;

    @Test
    void ticksDeliveredTwiceAreStoredOnce() throws Exception {
        List<Tick> first = ticks("REDELIVERED", 0, 1000);
        double duplicatesBefore = registry.counter("tickflow_tick_store_duplicates_total").count();

        send(first);
        send(first); // a producer retry or a replay: the same events again
        send(ticks("REDELIVERED", 1000, 2000));

        await().atMost(Duration.ofSeconds(30)).until(() -> stored("REDELIVERED") == 2000);
        await().atMost(Duration.ofSeconds(10)).until(
                () -> registry.counter("tickflow_tick_store_duplicates_total").count() - duplicatesBefore >= 1000);
        assertThat(stored("REDELIVERED")).isEqualTo(2000);
    }

    @Test
    void aTickTheDatabaseRefusesIsDeadLetteredAndTheRestOfItsBatchIsStored() throws Exception {
        List<Tick> batch = ticks("REFUSED", 0, 500);
        // a valid Tick that text columns cannot hold (PostgreSQL text has no NUL)
        Tick poison = new Tick(Tick.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), Instant.now(), "REFUSED",
                "cap\u0000ital", new BigDecimal("1.5"), new BigDecimal("1.6"), null, null);
        List<Tick> withPoison = new java.util.ArrayList<>(batch.subList(0, 250));
        withPoison.add(poison);
        withPoison.addAll(batch.subList(250, 500));

        send(withPoison);

        String poisonId = poison.eventId().toString();
        var dead = ctx.kafka().awaitRecordsOn(ctx.deadLetterTopic(Topic.TICKS), Duration.ofSeconds(30),
                l -> l.stream().anyMatch(r -> r.value().contains(poisonId)));
        var refused = dead.stream().filter(r -> r.value().contains(poison.eventId().toString())).findFirst();
        assertThat(refused).isPresent();
        assertThat(KafkaTestClient.header(refused.get(), EventHeaders.DEAD_LETTER_REASON))
                .startsWith("tick store refused the tick (22021)");
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("REFUSED") == 500);
    }

    @Test
    void ticksBeyondWhatAStoreHoldsAreDeadLetteredAndNeitherConsumerOfTheTopicStops() throws Exception {
        // a price of 131,074 digits and a time in the year 300000 parse as BigDecimal and Instant, but no store holds
        // them: the bar aggregator's INSERT failed on them and stopped its channel, and the digits of 1E+400000000
        // alone would take minutes to write. The event rules refuse them, so every consumer dead-letters them.
        List<Tick> batch = ticks("UNHOLDABLE", 0, 300);
        String template = EventCodec.encode(batch.get(0));
        String hugePrice = template.replace(batch.get(0).eventId().toString(), UUID.randomUUID().toString())
                .replace("\"" + batch.get(0).bid().toPlainString() + "\"", "\"1E+131073\"")
                .replace("\"" + batch.get(0).ask().toPlainString() + "\"", "\"1E+131073\"");
        String farFuture = template.replace(batch.get(0).eventId().toString(), UUID.randomUUID().toString())
                .replace(batch.get(0).eventTime().toString(), "+300000-01-01T00:00:00Z");

        double invalidForBars = registry.counter("tickflow_bars_invalid_ticks_total").count();

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", ctx.bootstrapServers(), "linger.ms", 5), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < batch.size(); i++) {
                if (i == 100) {
                    producer.send(new ProducerRecord<>(ctx.topic(Topic.TICKS), "UNHOLDABLE", hugePrice));
                    producer.send(new ProducerRecord<>(ctx.topic(Topic.TICKS), "UNHOLDABLE", farFuture));
                }
                producer.send(new ProducerRecord<>(ctx.topic(Topic.TICKS), "UNHOLDABLE",
                        EventCodec.encode(batch.get(i))));
            }
            producer.flush();
        }

        var dead = ctx.kafka().awaitRecordsOn(ctx.deadLetterTopic(Topic.TICKS), Duration.ofSeconds(30),
                l -> l.stream().filter(r -> r.value().equals(hugePrice) || r.value().equals(farFuture)).count() == 2);
        assertThat(dead.stream().filter(r -> r.value().equals(hugePrice)).findFirst().map(
                r -> KafkaTestClient.header(r, EventHeaders.DEAD_LETTER_REASON)).orElseThrow())
                .contains("bid has more than 131072 digits before the decimal point");
        assertThat(dead.stream().filter(r -> r.value().equals(farFuture)).findFirst().map(
                r -> KafkaTestClient.header(r, EventHeaders.DEAD_LETTER_REASON)).orElseThrow())
                .contains("eventTime +300000-01-01T00:00:00Z is outside the years 0001 to 9999");
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("UNHOLDABLE") == 300);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> registry.counter("tickflow_bars_invalid_ticks_total").count() - invalidForBars >= 2);
        given().get("/q/health/live").then().statusCode(200); // the tick store and the bars channel both still up
    }

    @Test
    void aBlockedDatabaseHoldsTheOffsetsAndNothingIsLost() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> lag() == 0);
        double retriesBefore = registry.counter("tickflow_tick_store_write_retries_total").count();
        try (Connection lock = ctx.database().connect()) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.execute("LOCK TABLE market_data.ticks IN ACCESS EXCLUSIVE MODE");
            }
            send(ticks("BLOCKED", 0, 20_000));

            // nothing stored, nothing committed while the database does not take the batch
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> lag() > 0);
            // the database drops the waiting session: the consumer retries instead of skipping or dead-lettering
            await().atMost(Duration.ofSeconds(10)).until(() -> terminateSessionsWaitingForTheLock(lock) > 0);
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> registry.counter("tickflow_tick_store_write_retries_total").count() > retriesBefore);
            lock.rollback();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("BLOCKED") == 20_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> lag() == 0);
        assertThat(stored("BLOCKED")).isEqualTo(20_000);
    }

    @Test
    void theConsumersLagIsExportedUnderTheClientIdTheLagAlertWatches() {
        // KafkaConsumerLagHigh (deploy/prometheus/rules/platform.yml) reads kafka_consumer_fetch_manager_records_lag_max
        // by client_id; the tick store's consumer is not a SmallRye channel, so it binds its metrics itself
        assertThat(registry.find("kafka.consumer.fetch.manager.records.lag.max")
                .tag("client.id", "kafka-consumer-tick-store").gauge()).as("tick store's lag gauge").isNotNull();
    }

    @Test
    void aStalledDatabasePausesConsumptionWithAtMostMaxInFlightBatchesHeldAndLivenessStaysUp() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> lag() == 0);
        int maxInFlight = ConfigProvider.getConfig().getValue("tickflow.tick-store.max-in-flight", Integer.class);
        int perBatch = ConfigProvider.getConfig().getValue("tickflow.tick-store.max-poll-records", Integer.class);
        int total = (maxInFlight + 3) * perBatch; // more than the poller may hold
        try (Connection lock = ctx.database().connect()) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.execute("LOCK TABLE market_data.ticks IN ACCESS EXCLUSIVE MODE");
            }
            send(ticks("STALLED", 0, total));

            // the writers wait on the database; the poller holds max-in-flight batches and polls nothing more
            await().atMost(Duration.ofSeconds(20)).until(() -> inFlight() == maxInFlight);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(
                    () -> inFlight() == maxInFlight);
            assertThat(lag()).as("nothing committed").isGreaterThanOrEqualTo(total);
            // waiting on a database is not a fault of the consumer: no restart
            given().get("/q/health/live").then().statusCode(200)
                    .body("checks.find { it.name == 'tick-store' }.status", is("UP"))
                    .body("checks.find { it.name == 'tick-store' }.data.batchesInFlight", is(maxInFlight));
            lock.rollback();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("STALLED") == total);
        await().atMost(Duration.ofSeconds(30)).until(() -> lag() == 0);
        assertThat(inFlight()).isZero();
    }

    @Test
    void aBatchWaitingOnTheDatabaseHoldsItsOffsetsWhileTheOtherWriterStoresTheNext() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> lag() == 0);
        List<Tick> waits = ticks("WAITS", 0, 2_000);
        // LATER's key falls on WAITS's partition (of the test topic's two): with one writer per partition it would
        // wait behind WAITS
        List<Tick> later = ticks("LATER", 0, 2_000);
        try (Connection holder = ctx.database().connect()) {
            holder.setAutoCommit(false);
            // an uncommitted row with the key of the first tick: the COPY of the batch holding it waits for this
            // transaction, as it would behind any session holding that key
            try (PreparedStatement st = holder.prepareStatement(TickRows.insert("market_data.ticks", ""))) {
                TickRows.bind(st, waits.get(0));
                st.executeUpdate();
            }
            send(waits);
            await().atMost(Duration.ofSeconds(10)).until(() -> copiesWaitingOnALock(holder) > 0);

            send(later);
            // the second writer stores what comes next while the first one waits
            await().atMost(Duration.ofSeconds(30)).until(() -> stored("LATER") == 2_000);
            assertThat(stored("WAITS")).as("the waiting batch is not stored").isLessThan(2_000);
            // and no offset passes the waiting batch: a crash now would deliver it again
            assertThat(lag()).as("records not covered by committed offsets").isGreaterThanOrEqualTo(2_000);
            holder.rollback();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("WAITS") == 2_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> lag() == 0);
        assertThat(stored("LATER")).isEqualTo(2_000);
    }

    // -- helpers

    private static List<Tick> ticks(String instrument, int from, int to) {
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        return IntStream.range(from, to).mapToObj(i -> new Tick(Tick.SCHEMA_VERSION,
                UUID.nameUUIDFromBytes((instrument + i).getBytes()), t0.plusMillis(i), t0.plusMillis(i + 1),
                instrument, "capital", BigDecimal.valueOf(9_000_000 + i, 2), BigDecimal.valueOf(9_001_000 + i, 2),
                null, null)).toList();
    }

    private void send(List<Tick> ticks) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", ctx.bootstrapServers(), "linger.ms", 5), new StringSerializer(),
                new StringSerializer())) {
            for (Tick t : ticks) {
                producer.send(new ProducerRecord<>(ctx.topic(Topic.TICKS), t.partitionKey(), EventCodec.encode(t)));
            }
            producer.flush();
        }
    }

    private long stored(String instrument) throws SQLException {
        try (Connection c = ctx.database().connect(); var st = c.prepareStatement(
                "SELECT count(*) FROM market_data.ticks WHERE instrument = ?")) {
            st.setString(1, instrument);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // not migrated yet
            }
            throw e;
        }
    }

    private double inFlight() {
        return registry.get("tickflow_tick_store_batches_in_flight").gauge().value();
    }

    /** Records on the ticks topic not yet covered by the storage group's committed offsets. */
    private long lag() throws Exception {
        try (Admin admin = TestKafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            String topic = ctx.topic(Topic.TICKS);
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            var ends = admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(p -> p,
                    p -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                lag += ends.get(p).offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    private static int copiesWaitingOnALock(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'COPY%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int terminateSessionsWaitingForTheLock(Connection lockHolder) throws SQLException {
        try (Statement st = lockHolder.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aCsvFileIsImportedOnceWithEveryBadLineReportedAndNothingPublished() throws Exception {
        StringBuilder csv = new StringBuilder("time,bid,ask,last,size\n");
        Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
        int good = 25_000; // more than two of the import's batches
        for (int i = 0; i < good; i++) {
            if (i == 100) { // bad lines among good ones: each is refused with its line number, the rest goes on
                csv.append(t0.plusMillis(i)).append(",101.00,100.00,,\n");           // crossed quote
                csv.append(t0.plusMillis(i)).append(",NaN,100.00,,\n");              // not a number
                csv.append("yesterday,100.00,100.50,,\n");                           // no time
                csv.append(Instant.now().plusSeconds(3600)).append(",100.00,100.50,,\n"); // in the future
                csv.append(t0.plusMillis(i)).append(",100.00\n");                    // missing fields
                csv.append(t0.plusMillis(i)).append(",-1,100.00,,\n");               // negative
            }
            BigDecimal bid = new BigDecimal(60000 + i % 500).movePointLeft(0);
            csv.append(i % 2 == 0 ? t0.plusMillis(i * 250L).toString() : Long.toString(t0.plusMillis(i * 250L)
                    .toEpochMilli())).append(',').append(bid).append(',').append(bid.add(BigDecimal.ONE))
                    .append(i % 3 == 0 ? ",60000.5,0.01\n" : ",,\n");
        }

        io.restassured.response.ValidatableResponse first = io.restassured.RestAssured.given()
                .contentType("text/csv").body(csv.toString())
                .post("/api/ticks/import?instrument=BTCUSD&source=csv-test").then().statusCode(200);
        first.body("linesRead", org.hamcrest.Matchers.is(good + 6))
                .body("stored", org.hamcrest.Matchers.is(good))
                .body("rejected", org.hamcrest.Matchers.is(6))
                .body("rejections.line", org.hamcrest.Matchers.contains(102, 103, 104, 105, 106, 107))
                .body("rejections[0].reason", org.hamcrest.Matchers.containsString("below bid"))
                .body("rejections[1].reason", org.hamcrest.Matchers.containsString("not a decimal"))
                .body("rejections[3].reason", org.hamcrest.Matchers.containsString("future"))
                .body("rejections[4].reason", org.hamcrest.Matchers.containsString("expected 5 fields"));
        assertThat(storedFrom("csv-test")).isEqualTo(good);

        // the same file again: nothing stored twice
        io.restassured.RestAssured.given().contentType("text/csv").body(csv.toString())
                .post("/api/ticks/import?instrument=BTCUSD&source=csv-test").then().statusCode(200)
                .body("stored", org.hamcrest.Matchers.is(0)).body("alreadyStored", org.hamcrest.Matchers.is(good));
        assertThat(storedFrom("csv-test")).isEqualTo(good);

        // historical ticks never reach the live topic (strategies and execution read it)
        assertThat(ctx.kafka().lastRecords(Topic.TICKS, Integer.MAX_VALUE))
                .noneMatch(r -> r.value().contains("csv-test"));
    }

    @Test
    void aCsvWithoutTheRequiredColumnsOrForAnUnknownInstrumentIsAProblem() {
        io.restassured.RestAssured.given().contentType("text/csv").body("when,bid,ask\n1,2,3\n")
                .post("/api/ticks/import?instrument=BTCUSD").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("unknown CSV column 'when'"));
        io.restassured.RestAssured.given().contentType("text/csv").body("time,bid,ask\n")
                .post("/api/ticks/import?instrument=NOPE").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("unknown instrument NOPE"));
    }

    private long storedFrom(String source) throws SQLException {
        try (Connection c = ctx.database().connect(); var st = c.prepareStatement(
                "SELECT count(*) FROM market_data.ticks WHERE source = ?")) {
            st.setString(1, source);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
