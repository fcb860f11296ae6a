package io.tickflow.marketdata.storage;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tickflow.events.EventCodec;
import io.tickflow.events.Tick;
import io.tickflow.events.Topic;
import io.tickflow.testkit.TickflowTestResource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The test kit's broker and PostgreSQL for {@link TickIngestBench}, with the class's ticks topic filled with
 * {@code bench.ticks} valid ticks before market-data starts: the consumer meets a backlog, and what the bench measures
 * is how fast storage drains it, with no producer competing for the two cores meanwhile.
 */
public class IngestBenchResource implements QuarkusTestResourceLifecycleManager {

    static final int TICKS = Integer.getInteger("bench.ticks", 10_000_000);
    /**
     * Ticks are spread over several instruments so that both partitions of the test topic carry load (keys decide
     * the partition; BTCUSD and OIL_CRUDE alone could hash to one).
     */
    static final List<String> INSTRUMENTS = List.of("BTCUSD", "OIL_CRUDE", "ETHUSD", "EURUSD", "GOLD", "US500",
            "SILVER", "NATURALGAS");
    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

    private final TickflowTestResource kit = new TickflowTestResource();
    static volatile double prefillSeconds;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(kit.start());
        config.put("tickflow.market-data.streaming-enabled", "false");
        config.put("quarkus.http.test-port", "0"); // other builds on the machine may hold 8081
        // the bench measures the storage path: the bar aggregator's own consumer of the topic is switched off
        config.put("mp.messaging.incoming.bar-ticks.enabled", "false");
        // storage starts when the bench starts it, after the first round of the COPY limit
        config.put("tickflow.tick-store.autostart", "false");
        String topic = config.get("tickflow.topic-prefix") + Topic.TICKS.topicName();
        long start = System.nanoTime();
        prefill(config.get("kafka.bootstrap.servers"), topic, 0, TICKS);
        prefillSeconds = (System.nanoTime() - start) / 1e9;
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        kit.inject(injector);
    }

    @Override
    public void stop() {
        kit.stop();
    }

    /** Tick number n of the bench's deterministic stream: the same n is always the same tick (same key). */
    static Tick tick(long n) {
        BigDecimal bid = BigDecimal.valueOf(9_000_000 + n % 100_000, 2);
        Instant t = T0.plusNanos(n * 1000);
        return new Tick(Tick.SCHEMA_VERSION, new UUID(0x7f1c_0000_0000_4000L | (n >>> 48), n), t, t.plusMillis(2),
                INSTRUMENTS.get((int) (n % INSTRUMENTS.size())), "capital", bid, bid.add(new BigDecimal("30.05")),
                null, null);
    }

    /** Produces ticks [from, to) with two threads, batched; returns when every record is acknowledged. */
    static void prefill(String bootstrap, String topic, long from, long to) {
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread[] threads = new Thread[2];
        for (int w = 0; w < threads.length; w++) {
            int worker = w;
            threads[w] = new Thread(() -> {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings, new StringSerializer(),
                        new StringSerializer())) {
                    for (long n = from + worker; n < to && failure.get() == null; n += threads.length) {
                        Tick t = tick(n);
                        producer.send(new ProducerRecord<>(topic, t.partitionKey(), EventCodec.encode(t)),
                                (meta, e) -> {
                                    if (e != null) {
                                        failure.compareAndSet(null, e);
                                    }
                                });
                    }
                    producer.flush();
                }
            }, "bench-prefill-" + w);
            threads[w].start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("prefill failed", failure.get());
        }
    }
}
