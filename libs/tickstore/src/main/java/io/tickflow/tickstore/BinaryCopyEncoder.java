package io.tickflow.tickstore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Writes rows in PostgreSQL's binary COPY format ({@code COPY ... FROM STDIN (FORMAT binary)}): a signature and
 * header, then per row a field count and per field a length and the type's binary send format, then a trailer.
 * Binary skips the server's text parsing of every value, which is most of COPY's cost for numeric and timestamptz.
 *
 * <p>The encoder fills a fixed buffer and hands each full chunk to a {@link Sink} (the COPY stream), so a batch of any
 * size takes the same memory and the server starts inserting while the rest is still being encoded. Without a sink
 * ({@link CopyRows}) it keeps every row in memory instead, growing its buffer.
 * Not thread-safe: one encoder per COPY.
 */
public final class BinaryCopyEncoder {

    /** Receives encoded chunks, e.g. {@code copyIn::writeToCopy}. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] buffer, int offset, int length) throws SQLException;
    }

    /** The file header: signature, flags (no OIDs), no header extension. */
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0,
        0};
    /** The end-of-data marker: a field count of -1. */
    static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};
    /** numeric's largest weight, in decimal digits before the point (NUMERIC_MAX_PRECISION is 1000 for typmods). */
    private static final long NUMERIC_MAX_INTEGER_DIGITS = 131_072;
    /** PostgreSQL's timestamp epoch, 2000-01-01T00:00:00Z, in Unix seconds. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final short NUMERIC_POSITIVE = 0x0000;
    private static final short NUMERIC_NEGATIVE = 0x4000;
    /** numeric's largest display scale (NUMERIC_DSCALE_MASK). */
    private static final int NUMERIC_MAX_DSCALE = 0x3FFF;
    /** Unscaled values of at most this many digits, times 10^3 of padding, still fit a long. */
    private static final int LONG_PATH_MAX_PRECISION = 15;
    private static final long[] POW10 = {1, 10, 100, 1000};
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buffer;
    /** Null: rows stay in {@link #buffer}, which grows (CopyRows). */
    private final Sink sink;
    private int position;
    private final short[] digits = new short[8];

    public BinaryCopyEncoder(int bufferSize, Sink sink) {
        if (bufferSize < 1024) {
            throw new IllegalArgumentException("bufferSize must be at least 1024 bytes");
        }
        this.buffer = new byte[bufferSize];
        this.sink = sink;
    }

    /** Keeps what it encodes in memory, growing from {@code initialSize} bytes: for {@link CopyRows}. */
    BinaryCopyEncoder(int initialSize) {
        this.buffer = new byte[Math.max(initialSize, 64)];
        this.sink = null;
    }

    /** The 19-byte file header: signature, flags (no OIDs), no header extension. */
    public BinaryCopyEncoder header() throws SQLException {
        ensure(HEADER.length);
        System.arraycopy(HEADER, 0, buffer, position, HEADER.length);
        position += HEADER.length;
        return this;
    }

    public BinaryCopyEncoder startRow(int fieldCount) throws SQLException {
        ensure(2);
        putShort((short) fieldCount);
        return this;
    }

    public BinaryCopyEncoder nullValue() throws SQLException {
        ensure(4);
        putInt(-1);
        return this;
    }

    /** UTF-8 text; ASCII (every instrument id and source name) is copied byte by byte without an array. */
    public BinaryCopyEncoder text(String value) throws SQLException {
        if (value == null) {
            return nullValue();
        }
        int n = value.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = value.charAt(i) < 0x80;
        }
        if (!ascii) {
            return bytes(value.getBytes(StandardCharsets.UTF_8));
        }
        ensure(4 + n);
        putInt(n);
        for (int i = 0; i < n; i++) {
            buffer[position++] = (byte) value.charAt(i);
        }
        return this;
    }

    /**
     * Text whose UTF-8 bytes are {@code length} bytes of {@code utf8} from {@code from}, copied as they are: for a
     * reader that has the text's bytes already (a record's payload) and checked them.
     */
    public BinaryCopyEncoder text(byte[] utf8, int from, int length) throws SQLException {
        ensure(4 + length);
        putInt(length);
        System.arraycopy(utf8, from, buffer, position, length);
        position += length;
        return this;
    }

    public BinaryCopyEncoder bytes(byte[] value) throws SQLException {
        ensure(4 + value.length);
        putInt(value.length);
        System.arraycopy(value, 0, buffer, position, value.length);
        position += value.length;
        return this;
    }

    /** 16 bytes, most significant first. */
    public BinaryCopyEncoder uuid(UUID value) throws SQLException {
        if (value == null) {
            return nullValue();
        }
        return uuid(value.getMostSignificantBits(), value.getLeastSignificantBits());
    }

    /** The UUID whose halves are {@code mostSignificant} and {@code leastSignificant}, without the UUID object. */
    public BinaryCopyEncoder uuid(long mostSignificant, long leastSignificant) throws SQLException {
        ensure(4 + 16);
        putInt(16);
        putLong(mostSignificant);
        putLong(leastSignificant);
        return this;
    }

    /**
     * Microseconds since 2000-01-01T00:00:00Z, as an int64. Sub-microsecond digits are dropped
     * ({@code Instant.truncatedTo(MICROS)}, i.e. towards the past), as the reactive client does, so a tick keeps
     * the same key whichever path stored it.
     */
    public BinaryCopyEncoder timestamptz(Instant value) throws SQLException {
        if (value == null) {
            return nullValue();
        }
        return timestamptz(value.getEpochSecond(), value.getNano());
    }

    /** The instant {@code epochSecond} (Unix) plus {@code nanos} (0 to 999,999,999), as {@link #timestamptz(Instant)}. */
    public BinaryCopyEncoder timestamptz(long epochSecond, int nanos) throws SQLException {
        long micros;
        try {
            micros = Math.addExact(Math.multiplyExact(epochSecond - PG_EPOCH_SECONDS, 1_000_000L), nanos / 1000);
        } catch (ArithmeticException e) {
            // an Instant reaches a billion years; PostgreSQL's timestamps end in 294276
            throw new IllegalArgumentException("timestamp at " + epochSecond + " s is out of PostgreSQL's range", e);
        }
        ensure(4 + 8);
        putInt(8);
        putLong(micros);
        return this;
    }

    /**
     * numeric's send format: ndigits, weight, sign, dscale (four int16) and then ndigits base-10000 digits, most
     * significant first; value = sum(digit[i] * 10000^(weight - i)), shown with dscale decimals. Exact for any
     * BigDecimal: the scale becomes dscale (a negative scale, e.g. 1E+3, is an integer with dscale 0).
     */
    public BinaryCopyEncoder numeric(BigDecimal value) throws SQLException {
        if (value == null) {
            return nullValue();
        }
        int scale = value.scale();
        int dscale = Math.max(scale, 0);
        if (dscale > NUMERIC_MAX_DSCALE) {
            throw new IllegalArgumentException("numeric scale " + scale + " exceeds PostgreSQL's " + NUMERIC_MAX_DSCALE);
        }
        // before any digit is built: 1E+400000000 is a valid BigDecimal whose digits alone would take minutes and GBs
        if (value.signum() != 0 && (long) value.precision() - scale > NUMERIC_MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("numeric of " + ((long) value.precision() - scale)
                    + " integer digits exceeds PostgreSQL's " + NUMERIC_MAX_INTEGER_DIGITS);
        }
        int signum = value.signum();
        if (signum == 0) {
            ensure(4 + 8);
            putInt(8);
            putShort((short) 0);
            putShort((short) 0);
            putShort(NUMERIC_POSITIVE);
            putShort((short) dscale);
            return this;
        }
        short sign = signum < 0 ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE;
        if (scale >= 0 && value.precision() <= LONG_PATH_MAX_PRECISION) {
            numericFromLong(Math.abs(value.unscaledValue().longValue()), scale, sign, dscale);
        } else {
            numericFromDigits(value, sign, dscale);
        }
        return this;
    }

    /** Fast path: |unscaled| < 10^15 and scale >= 0, so long arithmetic is exact. */
    private void numericFromLong(long unscaled, int scale, short sign, int dscale) throws SQLException {
        // pad the fraction to whole base-10000 digits: 1.5 (15, scale 1) becomes 1.5000 (15000, 4 decimals)
        int pad = (4 - scale % 4) % 4;
        long u = unscaled * POW10[pad];
        int fractionGroups = (scale + pad) / 4;
        int n = 0; // groups, least significant first
        while (u != 0) {
            digits[n++] = (short) (u % 10000);
            u /= 10000;
        }
        int trailingZeros = 0;
        while (digits[trailingZeros] == 0) {
            trailingZeros++;
        }
        int ndigits = n - trailingZeros;
        int weight = n - 1 - fractionGroups;
        ensure(4 + 8 + 2 * ndigits);
        putInt(8 + 2 * ndigits);
        putShort((short) ndigits);
        putShort((short) weight);
        putShort(sign);
        putShort((short) dscale);
        for (int i = n - 1; i >= trailingZeros; i--) {
            putShort(digits[i]);
        }
    }

    /** General path: the decimal digits of |unscaled|, aligned to base-10000 groups around the decimal point. */
    private void numericFromDigits(BigDecimal value, short sign, int dscale) throws SQLException {
        BigInteger magnitude = value.unscaledValue().abs();
        int scale = value.scale();
        if (scale < 0) {
            magnitude = magnitude.multiply(BigInteger.TEN.pow(-scale));
            scale = 0;
        }
        int pad = (4 - scale % 4) % 4;
        StringBuilder decimal = new StringBuilder(magnitude.toString());
        decimal.append("0".repeat(pad));
        int fractionGroups = (scale + pad) / 4;
        int lead = (4 - decimal.length() % 4) % 4;
        decimal.insert(0, "0".repeat(lead));
        int groups = decimal.length() / 4;
        short[] all = new short[groups];
        for (int g = 0; g < groups; g++) {
            all[g] = Short.parseShort(decimal.substring(4 * g, 4 * g + 4));
        }
        int first = 0;
        while (all[first] == 0) {
            first++;
        }
        int last = groups - 1;
        while (all[last] == 0) {
            last--;
        }
        int weight = groups - 1 - fractionGroups - first;
        if (weight > Short.MAX_VALUE || weight < Short.MIN_VALUE) {
            throw new IllegalArgumentException("numeric out of PostgreSQL's range (weight " + weight + ")");
        }
        int ndigits = last - first + 1;
        ensure(4 + 8 + 2 * ndigits);
        putInt(8 + 2 * ndigits);
        putShort((short) ndigits);
        putShort((short) weight);
        putShort(sign);
        putShort((short) dscale);
        for (int g = first; g <= last; g++) {
            putShort(all[g]);
        }
    }

    /** The end-of-data marker. */
    public BinaryCopyEncoder trailer() throws SQLException {
        ensure(TRAILER.length);
        System.arraycopy(TRAILER, 0, buffer, position, TRAILER.length);
        position += TRAILER.length;
        return this;
    }

    /** Hands everything encoded so far to the sink (in memory, keeps it). */
    public void flush() throws SQLException {
        if (position == 0 || sink == null) {
            return;
        }
        sink.write(buffer, 0, position);
        position = 0;
    }

    /** Bytes encoded so far (in memory: see {@link CopyRows}). */
    int position() {
        return position;
    }

    byte[] buffer() {
        return buffer;
    }

    /** Forgets everything encoded from {@code position} on. */
    void truncate(int position) {
        this.position = position;
    }

    private void ensure(int bytes) throws SQLException {
        if (position + bytes <= buffer.length) {
            return;
        }
        if (sink == null) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + bytes));
            return;
        }
        flush();
        if (bytes > buffer.length) {
            throw new IllegalArgumentException("a single value of " + bytes + " bytes exceeds the encoder's buffer");
        }
    }

    // One big-endian store each instead of a store per byte: writing the rows was half of the tick store's
    // encoding cost per tick (make bench-ingest).

    private void putShort(short v) {
        SHORT.set(buffer, position, v);
        position += 2;
    }

    private void putInt(int v) {
        INT.set(buffer, position, v);
        position += 4;
    }

    private void putLong(long v) {
        LONG.set(buffer, position, v);
        position += 8;
    }
}
