package io.tickflow.backtest.job;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tickflow.backtest.engine.BacktestEngine;
import io.tickflow.backtest.engine.BacktestReport;
import io.tickflow.backtest.engine.TickColumns;
import io.tickflow.events.Tick;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.util.List;

/**
 * Feeds a stream of stored ticks to an engine: rows are converted into one reused block of primitive columns,
 * {@code blockSize} at a time, so the replay loop sees no objects and memory stays bounded whatever the range. The
 * worker's path; the benchmark times this same method.
 */
public final class TickReplay {

    private TickReplay() {
    }

    /**
     * The worker's path: pages of stored rows (instrument, event_time, bid, ask) from
     * {@link io.tickflow.tickstore.TickRepository#pages}, each converted into one reused block and replayed.
     */
    public static Uni<BacktestReport> replayPages(Multi<RowSet<Row>> pages, BacktestEngine engine,
            List<String> instruments) {
        TickColumns[] block = {null};
        return pages.invoke(page -> {
                    if (block[0] == null || block[0].capacity() < page.size()) {
                        block[0] = new TickColumns(instruments, Math.max(1, page.size()));
                    }
                    TickColumns b = block[0];
                    b.clear();
                    for (Row r : page) {
                        b.add(r.getString(0), r.getOffsetDateTime(1).toInstant(), r.getBigDecimal(2), r.getBigDecimal(3));
                    }
                    engine.onTicks(b);
                })
                .collect().last()
                .map(last -> engine.report());
    }

    /** Ticks as events (e.g. from Kafka or a test), grouped into blocks of {@code blockSize}. */
    public static Uni<BacktestReport> replay(Multi<Tick> ticks, BacktestEngine engine, List<String> instruments,
            int blockSize) {
        TickColumns block = new TickColumns(instruments, blockSize);
        return ticks.group().intoLists().of(blockSize)
                .invoke(rows -> {
                    block.clear();
                    rows.forEach(block::add);
                    engine.onTicks(block);
                })
                .collect().last()
                .map(last -> engine.report());
    }
}
