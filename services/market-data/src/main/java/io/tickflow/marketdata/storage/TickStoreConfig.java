package io.tickflow.marketdata.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The tick store's consumer of the ticks topic ({@link TickTopicPoller}). Connection and security settings are the
 * service's {@code kafka.*} ones, shared with its SmallRye channels; these are the tick store's own. The values and
 * why they are what they are: application.properties.
 */
@ConfigMapping(prefix = "tickflow.tick-store")
public interface TickStoreConfig {

    /** Whether this instance stores ticks at all. */
    @WithDefault("true")
    boolean enabled();

    /** Whether storing starts with the service; if not, it starts when {@link TickTopicPoller#start()} is called. */
    @WithDefault("true")
    boolean autostart();

    /** The ticks topic (with the deployment's topic prefix). */
    String topic();

    /** Consumer group: every instance of market-data shares the partitions. */
    String groupId();

    /** Kafka client id, the {@code client_id} label of the consumer's metrics. */
    String clientId();

    /** At most this many ticks per poll, which is one COPY transaction. */
    int maxPollRecords();

    /** Batches stored at a time, each on its own database connection. */
    int writers();

    /** Batches polled and not yet stored at which the consumer pauses its partitions (back-pressure). */
    int maxInFlight();

    /** Kafka {@code fetch.min.bytes}. */
    int fetchMinBytes();

    /** Kafka {@code fetch.max.wait.ms}. */
    Duration fetchMaxWait();

    /** Stored offsets are committed at most this often: a crash reads at most this much again (stored once). */
    @WithDefault("1s")
    Duration commitInterval();

    /** How long one poll waits for records. */
    @WithDefault("100ms")
    Duration pollTimeout();

    /** On a rebalance or shutdown, how long to wait for batches being stored before giving up their partitions. */
    @WithDefault("10s")
    Duration drainTimeout();
}
