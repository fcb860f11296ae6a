package io.tickflow.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.tickflow.testkit.TestKafka;

/**
 * The limit of the transport: the same two Kafka hops as quote → signal → order, with bare kafka-clients and no
 * service logic. A producer writes tick-sized JSON at a fixed rate to topic A, a pass-through copies A to B, and a
 * consumer of B measures send-to-receive latency (all in one JVM, so System.nanoTime is comparable).
 */
final class TransportBaseline {

    private TransportBaseline() {
    }

    static Histogram run(String bootstrap, int ratePerSecond, Duration duration) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String a = "baseline-" + run + "-a";
        String b = "baseline-" + run + "-b";
        TestKafka.createTopics(List.of(new NewTopic(a, 1, (short) 1), new NewTopic(b, 1, (short) 1)));
        Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        AtomicBoolean running = new AtomicBoolean(true);
        String padding = "x".repeat(200); // a Tick's JSON is ~270 bytes

        Thread passThrough = new Thread(() -> {
            try (KafkaConsumer<String, String> in = consumer(bootstrap, "pass-" + run);
                    KafkaProducer<String, String> out = producer(bootstrap)) {
                in.subscribe(List.of(a));
                while (running.get()) {
                    for (ConsumerRecord<String, String> r : in.poll(Duration.ofMillis(100))) {
                        out.send(new ProducerRecord<>(b, r.key(), r.value()));
                    }
                }
            }
        }, "baseline-pass-through");
        Thread sink = new Thread(() -> {
            try (KafkaConsumer<String, String> in = consumer(bootstrap, "sink-" + run)) {
                in.subscribe(List.of(b));
                while (running.get()) {
                    for (ConsumerRecord<String, String> r : in.poll(Duration.ofMillis(100))) {
                        long sent = Long.parseLong(r.value().substring(0, r.value().indexOf('|')));
                        long now = System.nanoTime();
                        synchronized (latency) {
                            latency.recordValue(Math.max(0, now - sent));
                        }
                    }
                }
            }
        }, "baseline-sink");
        passThrough.start();
        sink.start();
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            // warm-up: let both consumers join and the JIT settle before measuring
            long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            pace(producer, a, ratePerSecond, warmEnd, padding);
            synchronized (latency) {
                latency.reset();
            }
            long sent = pace(producer, a, ratePerSecond, System.nanoTime() + duration.toNanos(), padding);
            producer.flush();
            // let what is in flight arrive before stopping, bounded
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                synchronized (latency) {
                    return latency.getTotalCount() >= sent;
                }
            });
        }
        running.set(false);
        passThrough.join();
        sink.join();
        synchronized (latency) {
            return latency.copy();
        }
    }

    /** Sends at a fixed rate until {@code until}; returns how many it sent. Parks between sends: no busy core. */
    private static long pace(KafkaProducer<String, String> p, String topic, int rate, long until, String padding) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        long sent = 0;
        while (next < until) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            p.send(new ProducerRecord<>(topic, "BTCUSD", System.nanoTime() + "|" + padding));
            sent++;
            next += interval;
        }
        return sent;
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", 0, "acks", "1"),
                new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id", group,
                "auto.offset.reset", "latest", "fetch.max.wait.ms", 500), new StringDeserializer(),
                new StringDeserializer());
    }
}
