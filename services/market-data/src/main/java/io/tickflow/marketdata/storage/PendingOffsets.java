package io.tickflow.marketdata.storage;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets the tick store may commit while batches are stored out of order. Batches are added in the order they
 * were polled and may be stored in any order (two writers); a partition's offset becomes committable only when every
 * batch polled up to and including the one that advanced it is stored. So a committed offset never passes a tick that
 * is not in the database, whatever order the writers finish in, and a crash redelivers at most the batches in flight.
 *
 * <p>Not thread-safe: the poller thread owns it (writers report back through a queue).
 */
final class PendingOffsets {

    /** One poll: where each of its partitions continues after it. */
    static final class Batch {
        private final Map<TopicPartition, OffsetAndMetadata> next;
        private boolean stored;

        private Batch(Map<TopicPartition, OffsetAndMetadata> next) {
            this.next = new HashMap<>(next);
        }
    }

    private final ArrayDeque<Batch> polled = new ArrayDeque<>();
    /** Per partition, the offset after the last tick of the longest stored prefix of {@link #polled}. */
    private final Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
    private boolean advanced;

    /** A batch just polled, whose partitions continue at {@code next} ({@code ConsumerRecords.nextOffsets()}). */
    Batch polled(Map<TopicPartition, OffsetAndMetadata> next) {
        Batch batch = new Batch(next);
        polled.addLast(batch);
        return batch;
    }

    /** {@code batch} is in the database; moves the committable offsets past every batch now stored in order. */
    void stored(Batch batch) {
        batch.stored = true;
        while (!polled.isEmpty() && polled.peekFirst().stored) {
            safe.putAll(polled.removeFirst().next);
            advanced = true;
        }
    }

    /** Batches polled and not yet released by {@link #stored} (stored out of order ones included). */
    int inFlight() {
        return polled.size();
    }

    /** The committable offsets if they moved since the last call, else an empty map. */
    Map<TopicPartition, OffsetAndMetadata> takeAdvanced() {
        if (!advanced) {
            return Map.of();
        }
        advanced = false;
        return Map.copyOf(safe);
    }

    /** A commit of {@link #takeAdvanced}'s offsets failed: the next call returns them again. */
    void retry() {
        advanced = !safe.isEmpty();
    }

    /** The committable offsets of {@code partitions}, moved or not. */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition p : partitions) {
            OffsetAndMetadata o = safe.get(p);
            if (o != null) {
                offsets.put(p, o);
            }
        }
        return offsets;
    }

    /**
     * Partitions this consumer no longer owns: their offsets are never committed from here again (their new owner
     * commits them), even by batches still being stored, which the new owner reads again from the last commit.
     */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(safe::remove);
        for (Batch b : polled) {
            partitions.forEach(b.next::remove);
        }
    }
}
