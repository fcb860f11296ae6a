package io.tickflow.backtest.engine;

import java.util.Arrays;

/**
 * Append-only rows of longs (exchange-core style journal): what the replay loop records on a fill, a closed trade
 * or a daily sample, without building the report's BigDecimal/Instant records until the run ends. Fills can be a
 * few percent of all ticks, so this keeps them off the allocation path.
 */
final class Journal {

    private final int width;
    private long[] rows;
    private int size;

    Journal(int width) {
        this.width = width;
        this.rows = new long[width * 64];
    }

    int size() {
        return size;
    }

    long get(int row, int column) {
        return rows[row * width + column];
    }

    /** Starts a row and returns its offset; the caller writes {@code width} values with {@link #set}. */
    int append() {
        int offset = size * width;
        if (offset + width > rows.length) {
            rows = Arrays.copyOf(rows, rows.length * 2);
        }
        size++;
        return offset;
    }

    void set(int offset, int column, long value) {
        rows[offset + column] = value;
    }
}
