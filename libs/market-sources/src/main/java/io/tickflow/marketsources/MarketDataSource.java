package io.tickflow.marketsources;

import io.smallrye.mutiny.Multi;
import io.tickflow.events.Bar;
import io.tickflow.events.Tick;

import java.util.Map;

/**
 * What the market-data service needs from each source to rank them into one merged feed: hot streams of normalised ticks
 * and bars (source set to {@link #name()}), the health to judge staleness and failover by, and the input it dropped.
 * Streams emit on Vert.x event-loop threads: subscribers must not block.
 */
public interface MarketDataSource extends AutoCloseable {

    /** The {@code source} value of every event this source produces, e.g. {@code polygon}. */
    String name();

    Multi<Tick> ticks();

    Multi<Bar> bars();

    /** Connection and polling lifecycle. */
    Multi<SourceEvent> events();

    SourceHealth health();

    /** Each dropped piece of input, for a dead-letter topic. */
    Multi<RejectedInput> rejections();

    /** Dropped input so far, per reason. */
    Map<RejectReason, Long> rejectionCounts();

    @Override
    void close();
}
