package io.tickflow.e2e;

import io.tickflow.events.EventCodec;
import io.tickflow.events.Signal;
import io.tickflow.events.Tick;
import io.tickflow.events.Topic;
import io.tickflow.testkit.KafkaTestClient;
import io.tickflow.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where the time goes, hop by hop, read back from the records themselves: quote timestamp → market-data receipt
 * (tick ingestTime) → tick record's producer timestamp → signal decided (signal ingestTime). Millisecond resolution
 * (Kafka and Capital.com timestamps are in ms).
 */
final class HopBreakdown {

    private HopBreakdown() {
    }

    static void print(KafkaTestClient kafka, TestPostgres.Database db) throws Exception {
        // the tail: steady state, not the warm-up
        List<ConsumerRecord<String, String>> ticks = kafka.lastRecords(Topic.TICKS, 20_000);
        Map<UUID, Long> tickRecordTime = new HashMap<>();
        Histogram receive = new Histogram(3);
        Histogram publish = new Histogram(3);
        for (ConsumerRecord<String, String> r : ticks) {
            Tick t = EventCodec.decode(r.value(), Tick.class);
            tickRecordTime.put(t.eventId(), r.timestamp());
            receive.recordValue(Math.max(0, t.ingestTime().toEpochMilli() - t.eventTime().toEpochMilli()));
            publish.recordValue(Math.max(0, r.timestamp() - t.ingestTime().toEpochMilli()));
        }
        Histogram decide = new Histogram(3);
        Map<UUID, Long> signalRecordTime = new HashMap<>();
        for (ConsumerRecord<String, String> r : kafka.lastRecords(Topic.SIGNALS, 200)) {
            Signal s = EventCodec.decode(r.value(), Signal.class);
            signalRecordTime.put(s.eventId(), r.timestamp());
            Long tickTs = tickRecordTime.get(s.triggerEventId());
            if (tickTs != null) {
                decide.recordValue(Math.max(0, s.ingestTime().toEpochMilli() - tickTs));
            }
        }
        Histogram toOrder = new Histogram(3);
        Histogram toSubmitting = new Histogram(3);
        Histogram toAnswer = new Histogram(3);
        try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT o.signal_event_id, o.created_at, s.at AS submitting, a.at AS answered"
                        + " FROM execution.orders o"
                        + " JOIN execution.order_transitions s ON s.order_id = o.order_id AND s.to_status = 'SUBMITTING'"
                        + " LEFT JOIN execution.order_transitions a ON a.order_id = o.order_id AND a.sequence = s.sequence + 1"
                        + " ORDER BY o.created_at DESC LIMIT 200")) {
            while (rs.next()) {
                Long signalTs = signalRecordTime.get(rs.getObject(1, UUID.class));
                long created = rs.getTimestamp(2).getTime();
                if (signalTs != null) {
                    toOrder.recordValue(Math.max(0, created - signalTs));
                }
                toSubmitting.recordValue(Math.max(0, rs.getTimestamp(3).getTime() - created));
                if (rs.getTimestamp(4) != null) {
                    toAnswer.recordValue(Math.max(0, rs.getTimestamp(4).getTime() - rs.getTimestamp(3).getTime()));
                }
            }
        }
        line("quote->market-data receipt", receive);
        line("receipt->tick record", publish);
        line("tick record->signal decided", decide);
        line("signal record->order created", toOrder);
        line("order created->SUBMITTING", toSubmitting);
        line("SUBMITTING->broker answered", toAnswer);
    }

    private static void line(String hop, Histogram h) {
        System.out.printf(Locale.ROOT, "hop %-30s n=%d p50_ms=%d p99_ms=%d max_ms=%d%n", hop, h.getTotalCount(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue());
    }
}
