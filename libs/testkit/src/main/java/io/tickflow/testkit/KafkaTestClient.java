package io.tickflow.testkit;

import static org.awaitility.Awaitility.await;

import io.tickflow.events.EventCodec;
import io.tickflow.events.Topic;
import io.tickflow.events.TickflowEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain kafka-clients producer and consumer for tests: what a user with kcat would do, on the class's topics. */
public final class KafkaTestClient {

    private final String bootstrap;
    private final String prefix;

    public KafkaTestClient(String bootstrap, String prefix) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
    }

    public void send(Topic topic, TickflowEvent event) {
        sendRaw(prefix + topic.topicName(), event.partitionKey(), EventCodec.encode(event), Map.of());
    }

    public void sendRaw(String topic, String key, String value, Map<String, String> headers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, value);
            headers.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(r).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** Waits until records on {@code topic} (prefixed) match {@code until}, reading from the beginning. */
    public List<ConsumerRecord<String, String>> awaitRecords(Topic topic, Duration timeout,
            Predicate<List<ConsumerRecord<String, String>>> until) {
        return awaitRecordsOn(prefix + topic.topicName(), timeout, until);
    }

    public List<ConsumerRecord<String, String>> awaitDeadLetters(Topic topic, Duration timeout, int atLeast) {
        return awaitRecordsOn(prefix + topic.deadLetterTopic(), timeout, l -> l.size() >= atLeast);
    }

    public <T extends TickflowEvent> List<T> awaitEvents(Topic topic, Class<T> type, Duration timeout,
            Predicate<List<T>> until) {
        List<T> out = new ArrayList<>();
        awaitRecords(topic, timeout, records -> {
            out.clear();
            records.forEach(r -> out.add(EventCodec.decode(r.value(), type)));
            return until.test(out);
        });
        return out;
    }

    public List<ConsumerRecord<String, String>> awaitRecordsOn(String fullTopic, Duration timeout,
            Predicate<List<ConsumerRecord<String, String>>> until) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(fullTopic));
            await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return until.test(seen);
            });
        }
        return seen;
    }

    /** The last {@code n} records of each partition of {@code topic} (prefixed), oldest first per partition. */
    public List<ConsumerRecord<String, String>> lastRecords(Topic topic, int n) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(prefix + topic.topicName())
                    .stream().map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long wanted = 0;
            for (var tp : partitions) {
                long start = Math.max(0, ends.get(tp) - n);
                consumer.seek(tp, start);
                wanted += ends.get(tp) - start;
            }
            long total = wanted;
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= total;
            });
        }
        return out;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
