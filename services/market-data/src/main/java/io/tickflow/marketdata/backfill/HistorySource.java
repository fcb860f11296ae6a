package io.tickflow.marketdata.backfill;

import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import java.time.Instant;
import java.util.List;

/** A source's history endpoint, as the backfill uses it: one page window at a time, blocking (runner thread). */
interface HistorySource {

    /** The source's name as in rankings and stored rows: {@code capital}, {@code polygon}. */
    String name();

    /** Whether this source can give bars of {@code instrument} at {@code resolution}. */
    boolean serves(String instrument, BarResolution resolution);

    /**
     * The final bars opening in [{@code from}, {@code to}), ascending: a bar still forming at the source ({@code now}
     * before its close) is left out. An empty range (closed market) is an empty list, not an error.
     *
     * @throws RuntimeException when the source failed (the runner tries the next source)
     */
    List<Bar> bars(String instrument, BarResolution resolution, Instant from, Instant to, Instant now);
}
