package io.tickflow.tickstore;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes rows in PostgreSQL's binary COPY format ({@code COPY ... FROM STDIN (FORMAT binary)}): a signature and
 * header, then per row a field count and per field a length and the type's binary send format, then a trailer.
 * Binary skips the server's text parsing of every value, which is most of COPY's cost for numeric and timestamptz.
 *
 * <p>The encoder fills a fixed buffer and hands each full chunk to a {@link Sink} (the COPY stream), so a batch of any
 * size takes the same memory and the server starts inserting while the rest is still being encoded.
 * Not thread-safe: one encoder per COPY.
 */
public final class BinaryCopyEncoder {

    /** Receives encoded chunks, e.g. {@code copyIn::writeToCopy}. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] buffer, int offset, int length) throws SQLException;
    }

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** PostgreSQL's timestamp epoch, 2000-01-01T00:00:00Z, in Unix seconds. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final short NUMERIC_POSITIVE = 0x0000;
    private static final short NUMERIC_NEGATIVE = 0x4000;
    /** numeric's largest display scale (NUMERIC_DSCALE_MASK). */
    private static final int NUMERIC_MAX_DSCALE = 0x3FFF;
    /** Unscaled values of at most this many digits, times 10^3 of padding, still fit a long. */
    private static final int LONG_PATH_MAX_PRECISION = 15;
    private static final long[] POW10 = {1, 10, 100, 1000};

    private final byte[] buffer;
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

    /** The 19-byte file header: signature, flags (no OIDs), no header extension. */
    public BinaryCopyEncoder header() throws SQLException {
        ensure(SIGNATURE.length + 8);
        System.arraycopy(SIGNATURE, 0, buffer, position, SIGNATURE.length);
        position += SIGNATURE.length;
        putInt(0);
        putInt(0);
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
        ensure(4 + 16);
        putInt(16);
        putLong(value.getMostSignificantBits());
        putLong(value.getLeastSignificantBits());
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
        long micros = Math.addExact(Math.multiplyExact(value.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L),
                value.getNano() / 1000);
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
            throw new IllegalArgumentException("numeric out of PostgreSQL's range: " + value);
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
        ensure(2);
        putShort((short) -1);
        return this;
    }

    /** Hands everything encoded so far to the sink. */
    public void flush() throws SQLException {
        if (position == 0) {
            return;
        }
        sink.write(buffer, 0, position);
        position = 0;
    }

    private void ensure(int bytes) throws SQLException {
        if (position + bytes <= buffer.length) {
            return;
        }
        flush();
        if (bytes > buffer.length) {
            throw new IllegalArgumentException("a single value of " + bytes + " bytes exceeds the encoder's buffer");
        }
    }

    private void putShort(short v) {
        buffer[position++] = (byte) (v >>> 8);
        buffer[position++] = (byte) v;
    }

    private void putInt(int v) {
        buffer[position++] = (byte) (v >>> 24);
        buffer[position++] = (byte) (v >>> 16);
        buffer[position++] = (byte) (v >>> 8);
        buffer[position++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
