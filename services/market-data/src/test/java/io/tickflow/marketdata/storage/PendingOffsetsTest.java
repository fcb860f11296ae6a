package io.tickflow.marketdata.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingOffsetsTest {

    private static final TopicPartition P0 = new TopicPartition("ticks", 0);
    private static final TopicPartition P1 = new TopicPartition("ticks", 1);

    private final PendingOffsets pending = new PendingOffsets();

    @Test
    void aBatchStoredBeforeAnEarlierOneCommitsNothingUntilTheEarlierOneIsStored() {
        PendingOffsets.Batch first = pending.polled(Map.of(P0, at(100), P1, at(50)));
        PendingOffsets.Batch second = pending.polled(Map.of(P0, at(200)));

        pending.stored(second);
        assertThat(pending.takeAdvanced()).as("the first batch is not stored yet").isEmpty();
        assertThat(pending.inFlight()).isEqualTo(2);

        pending.stored(first);
        assertThat(pending.takeAdvanced()).containsExactlyInAnyOrderEntriesOf(Map.of(P0, at(200), P1, at(50)));
        assertThat(pending.inFlight()).isZero();
        assertThat(pending.takeAdvanced()).as("nothing moved since").isEmpty();
    }

    @Test
    void committableOffsetsOnlyMoveForward() {
        PendingOffsets.Batch first = pending.polled(Map.of(P0, at(100)));
        pending.stored(first);
        assertThat(pending.takeAdvanced()).containsExactlyEntriesOf(Map.of(P0, at(100)));

        PendingOffsets.Batch second = pending.polled(Map.of(P0, at(150), P1, at(10)));
        PendingOffsets.Batch third = pending.polled(Map.of(P1, at(20)));
        pending.stored(third);
        assertThat(pending.committable(List.of(P0, P1))).as("still only the first batch")
                .containsExactlyEntriesOf(Map.of(P0, at(100)));
        pending.stored(second);
        assertThat(pending.committable(List.of(P0, P1)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(P0, at(150), P1, at(20)));
    }

    @Test
    void offsetsWhoseCommitFailedAreCommittedAgainWithoutAnotherBatch() {
        pending.stored(pending.polled(Map.of(P0, at(100))));
        assertThat(pending.takeAdvanced()).containsExactlyEntriesOf(Map.of(P0, at(100)));

        pending.retry(); // the broker refused that commit
        assertThat(pending.takeAdvanced()).containsExactlyEntriesOf(Map.of(P0, at(100)));
    }

    @Test
    void aForgottenPartitionIsNeverCommittedAgainEvenByABatchStoredLater() {
        PendingOffsets.Batch stored = pending.polled(Map.of(P0, at(100), P1, at(100)));
        pending.stored(stored);
        PendingOffsets.Batch stillStoring = pending.polled(Map.of(P0, at(200), P1, at(200)));

        pending.forget(List.of(P1)); // revoked: its new owner commits it
        pending.stored(stillStoring);

        assertThat(pending.takeAdvanced()).containsExactlyEntriesOf(Map.of(P0, at(200)));
        assertThat(pending.committable(List.of(P1))).isEmpty();
    }

    private static OffsetAndMetadata at(long offset) {
        return new OffsetAndMetadata(offset);
    }
}
