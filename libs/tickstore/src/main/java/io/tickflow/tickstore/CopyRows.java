package io.tickflow.tickstore;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Rows of one batch encoded once, in memory, in binary COPY format, so that any run of them can be copied, and
 * copied again, without encoding them again: a batch the database refuses for one row's data is split until that
 * row is alone, and a batch with rows stored already goes through a staging table, each a second COPY of the same
 * bytes. Memory is the encoded rows (about 130 bytes a tick), reused from batch to batch after {@link #clear}.
 *
 * <p>Not thread-safe: one per writer thread.
 */
public final class CopyRows {

    /**
     * Bytes per CopyData message. The server reads a whole message into memory before copying from it: one message of
     * a 1 MB batch made it copy from memory rather than from its cache, and cost the server 0.07 us more per row than
     * the 64 KB messages the streaming encoder sends (perf, make bench-ingest). TickCopyWriter's streaming copy
     * sends chunks of the same size.
     */
    static final int MESSAGE_BYTES = 64 * 1024;
    /** Memory kept from batch to batch at most; a batch of unusually large ticks grows it only while it lasts. */
    private static final int KEPT_BYTES = 8 << 20;

    private final int initialBytes;
    private BinaryCopyEncoder encoder;
    /** Where each row starts in the encoder's buffer. */
    private int[] starts = new int[256];
    private int rows;

    public CopyRows(int initialBytes) {
        this.initialBytes = initialBytes;
        this.encoder = new BinaryCopyEncoder(initialBytes);
    }

    /**
     * Starts a row of {@code fields} fields and returns the encoder to write them with, in column order. Every row
     * started must be written whole: the next row, {@link #size} and {@link #copy} take it as complete.
     */
    public BinaryCopyEncoder startRow(int fields) throws SQLException {
        if (rows == starts.length) {
            starts = Arrays.copyOf(starts, rows * 2);
        }
        starts[rows++] = encoder.position();
        return encoder.startRow(fields);
    }

    /** Takes back the row started last (it could not be completed). */
    public void dropLastRow() {
        if (rows == 0) {
            throw new IllegalStateException("no row to drop");
        }
        encoder.truncate(starts[--rows]);
    }

    public int size() {
        return rows;
    }

    /** Empties it for the next batch, keeping its memory up to {@value #KEPT_BYTES} bytes. */
    public void clear() {
        rows = 0;
        if (encoder.buffer().length > Math.max(KEPT_BYTES, initialBytes)) {
            encoder = new BinaryCopyEncoder(initialBytes);
        } else {
            encoder.truncate(0);
        }
    }

    /** Encoded bytes of the rows held, without COPY's header and trailer (for tests and diagnostics). */
    public int bytes() {
        return encoder.position();
    }

    /**
     * A copy of the rows' encoded bytes, without COPY's header and trailer: what {@link #copy} sends between them
     * (for tests and diagnostics).
     */
    public byte[] encoded() {
        return Arrays.copyOf(encoder.buffer(), encoder.position());
    }

    /**
     * Runs {@code sql} ({@code COPY ... FROM STDIN (FORMAT binary)} naming the rows' columns in order) with rows
     * {@code from} (inclusive) to {@code to} (exclusive); returns the rows the server copied.
     */
    public long copy(CopyManager copy, String sql, int from, int to) throws SQLException {
        Objects.checkFromToIndex(from, to, rows);
        int start = from == rows ? encoder.position() : starts[from];
        int end = to == rows ? encoder.position() : starts[to];
        CopyIn in = copy.copyIn(sql);
        try {
            in.writeToCopy(BinaryCopyEncoder.HEADER, 0, BinaryCopyEncoder.HEADER.length);
            byte[] buffer = encoder.buffer();
            for (int at = start; at < end; at += MESSAGE_BYTES) {
                in.writeToCopy(buffer, at, Math.min(MESSAGE_BYTES, end - at));
            }
            in.writeToCopy(BinaryCopyEncoder.TRAILER, 0, BinaryCopyEncoder.TRAILER.length);
            return in.endCopy();
        } finally {
            cancelIfActive(in);
        }
    }

    /** Ends a COPY that failed half way, so the connection can be used (or rolled back) again. */
    static void cancelIfActive(CopyIn in) {
        if (in.isActive()) {
            try {
                in.cancelCopy();
            } catch (SQLException ignored) {
                // the COPY failed already; its own error is the one to report
            }
        }
    }
}
