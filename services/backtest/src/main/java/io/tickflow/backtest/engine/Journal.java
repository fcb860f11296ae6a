package io.tickflow.backtest.engine;

import java.util.Arrays;

/**
 * Append-only rows of longs (exchange-core style journal): what the replay loop records on a fill, a closed trade
 * or a daily sample, without building the report's BigDecimal/Instant records until the run ends. Fills can be a
 * few percent of all ticks, so this keeps them off the allocation path.
 *
 * <p>Rows are kept in fixed chunks of {@value #CHUNK_ROWS} rows, so growing never copies what is written: a doubling
 * array copied every row once more on average, and with a fill every 16 ticks that copying was a measurable share
 * of the engine's time per tick (make bench-backtest).
 */
final class Journal {

    private static final int CHUNK_SHIFT = 10;
    static final int CHUNK_ROWS = 1 << CHUNK_SHIFT;

    private final int width;
    private long[][] chunks = new long[4][];
    private long[] current;
    private int size;

    Journal(int width) {
        this.width = width;
    }

    int size() {
        return size;
    }

    long get(int row, int column) {
        return chunks[row >>> CHUNK_SHIFT][(row & (CHUNK_ROWS - 1)) * width + column];
    }

    /** Starts a row and returns its offset; the caller writes {@code width} values with {@link #set} right away. */
    int append() {
        int inChunk = size & (CHUNK_ROWS - 1);
        if (inChunk == 0) {
            int chunk = size >>> CHUNK_SHIFT;
            if (chunk == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunk * 2); // references only
            }
            current = chunks[chunk] = new long[CHUNK_ROWS * width];
        }
        size++;
        return inChunk * width;
    }

    /** Writes a column of the row {@link #append} just started. */
    void set(int offset, int column, long value) {
        current[offset + column] = value;
    }
}
