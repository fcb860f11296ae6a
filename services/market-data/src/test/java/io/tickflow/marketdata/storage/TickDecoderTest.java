package io.tickflow.marketdata.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tickflow.events.EventCodec;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import io.tickflow.tickstore.CopyRows;
import io.tickflow.tickstore.TickCopyWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The storage decoder gives exactly what the shared codec gives: the same ticks, the same refusals and reasons. */
class TickDecoderTest {

    private static final String VALID = "{\"schemaVersion\":1,\"eventId\":\"3f1c2a4e-8a9b-4c55-9d0e-1b2c3d4e5f60\","
            + "\"eventTime\":\"2026-11-25T10:15:30.123Z\",\"ingestTime\":\"2026-11-25T10:15:30.125Z\","
            + "\"instrument\":\"BTCUSD\",\"source\":\"capital\",\"bid\":\"90123.45\",\"ask\":\"90153.50\"}";

    @Test
    void encodedTicksDecodeThroughTheFastPathToEqualTicks() {
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            Tick tick = randomTick(random);
            String json = EventCodec.encode(tick);
            assertThat(TickDecoder.exact(json)).as(json).isEqualTo(tick);
            assertThat(TickDecoder.canonical(json)).as(json).isEqualTo(tick);
            assertThat(TickDecoder.decode(json)).isEqualTo(EventCodec.decode(json, Tick.class));
            CopyRows rows = new CopyRows(64);
            assertThat(copyRow(json.getBytes(StandardCharsets.UTF_8), rows)).as(json).isTrue();
            assertThat(rows.encoded()).as(json).isEqualTo(rowOf(tick));
        }
    }

    @Test
    void copyRowAppendsRowAfterRowAndLeavesEveryOtherRecordToTheDecoder() throws SQLException {
        Random random = new Random(3);
        CopyRows rows = new CopyRows(64); // grows as rows come
        CopyRows expected = new CopyRows(64);
        for (int i = 0; i < 300; i++) {
            Tick tick = randomTick(random);
            assertThat(TickDecoder.copyRow(EventCodec.encode(tick).getBytes(StandardCharsets.UTF_8), rows)).isTrue();
            TickCopyWriter.encodeRow(expected, tick);
            // refused or another shape: nothing appended, and the next row follows the last one appended
            assertThat(TickDecoder.copyRow(VALID.replace("\"bid\":\"90123.45\"", "\"bid\":\"90200\"")
                    .getBytes(StandardCharsets.UTF_8), rows)).isFalse();
            assertThat(TickDecoder.copyRow((VALID + " ").getBytes(StandardCharsets.UTF_8), rows)).isFalse();
            assertThat(TickDecoder.copyRow(null, rows)).isFalse();
        }
        assertThat(rows.size()).isEqualTo(300);
        assertThat(rows.encoded()).isEqualTo(expected.encoded());
    }

    @Test
    void theByteScannerAgreesWithTheCodecOnEveryPrefixAndEveryByte() {
        // the record's bytes are scanned in place: cut short anywhere, or with any one byte changed, a tick must
        // decode to what the codec decodes, or be refused with the codec's reason, never something else
        byte[] valid = EventCodec.encode(randomTick(new Random(5))).getBytes(StandardCharsets.UTF_8);
        for (int end = 0; end <= valid.length; end++) {
            assertSameOutcome(Arrays.copyOf(valid, end));
        }
        byte[] replacements = {'0', '9', 'a', 'F', 'Z', '-', '.', '"', '\\', ' ', 0x01, (byte) 0xC3};
        for (int i = 0; i < valid.length; i++) {
            for (byte r : replacements) {
                byte[] changed = valid.clone();
                changed[i] = r;
                assertSameOutcome(new String(changed, StandardCharsets.UTF_8));
                assertSameOutcome(changed);
            }
        }
    }

    @Test
    void longDecimalsNonAsciiSourcesAndSharedNamesDecodeLikeTheCodec() {
        assertSameOutcome(VALID.replace("\"bid\":\"90123.45\"", "\"bid\":\"1234567890123456.7\""));   // 17 digits
        assertSameOutcome(VALID.replace("\"bid\":\"90123.45\"", "\"bid\":\"12345678901234567.89\""));  // 19: BigDecimal
        assertSameOutcome(VALID.replace("\"ask\":\"90153.50\"", "\"ask\":\"99999999999999999999999.5\""));
        assertSameOutcome(VALID.replace("\"bid\":\"90123.45\"", "\"bid\":\"-0.00\""));
        assertSameOutcome(VALID.replace("\"source\":\"capital\"", "\"source\":\"capitäl\""));
        // where the binary forms change path: 15 and 16 digits, scale 0 and 10, times before 1970 and 2000
        for (String bid : List.of("999999999999999", "99999999999999.9", "1000000000000000", "0.0000000001", "1")) {
            assertSameOutcome(VALID.replace("\"bid\":\"90123.45\"", "\"bid\":\"" + bid + "\"")
                    .replace("\"ask\":\"90153.50\"", "\"ask\":\"1000000000000000.5\""));
        }
        for (String time : List.of("1969-12-31T23:59:59.9999995Z", "0001-01-01T00:00:00Z", "1999-12-31T23:59:59.000001Z",
                "9999-12-31T23:59:59.999999999Z", "0000-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z")) {
            assertSameOutcome(VALID.replace("2026-11-25T10:15:30.123Z", time));
            assertSameOutcome(VALID.replace("2026-11-25T10:15:30.125Z", time));
        }
        Tick a = TickDecoder.decode(VALID.getBytes(StandardCharsets.UTF_8));
        Tick b = TickDecoder.decode(VALID.replace("3f1c2a4e", "4f1c2a4e").getBytes(StandardCharsets.UTF_8));
        assertThat(b.instrument()).isEqualTo("BTCUSD").isSameAs(a.instrument());
        assertThat(b.source()).isEqualTo("capital").isSameAs(a.source());
        assertThat(TickDecoder.decode(VALID.replace("BTCUSD", "BTCUSE").getBytes(StandardCharsets.UTF_8))
                .instrument()).isEqualTo("BTCUSE");
    }

    @Test
    void fieldOrderUnknownFieldsAndNullOptionalsAreTheCanonicalShapeToo() {
        String reordered = "{\"ask\":\"90153.50\",\"bid\":\"90123.45\",\"source\":\"capital\",\"instrument\":\"BTCUSD\","
                + "\"future\":{\"nested\":[1,2,{\"x\":null}]},\"last\":null,\"lastSize\":null,"
                + "\"ingestTime\":\"2026-11-25T10:15:30.125Z\",\"eventTime\":\"2026-11-25T10:15:30.123Z\","
                + "\"eventId\":\"3f1c2a4e-8a9b-4c55-9d0e-1b2c3d4e5f60\",\"schemaVersion\":1,\"extra\":\"x\"}";
        assertThat(TickDecoder.exact(reordered)).isNull();
        Tick fast = TickDecoder.canonical(reordered);
        assertThat(fast).isNotNull().isEqualTo(EventCodec.decode(reordered, Tick.class))
                .isEqualTo(EventCodec.decode(VALID, Tick.class));
    }

    @Test
    void everyOtherSpellingIsLeftToTheCodecAndDecodesAsItSays() {
        List<String> variants = List.of(
                VALID.replace("\"bid\":\"90123.45\"", "\"bid\":90123.45"),
                VALID.replace("\"bid\":\"90123.45\"", "\"bid\":\"9.012345E4\""),
                VALID.replace("\"bid\":\"90123.45\"", "\"bid\":\"+90123.45\""),
                VALID.replace("2026-11-25T10:15:30.123Z", "2026-11-25T10:15:30.123+00:00"),
                VALID.replace("\"schemaVersion\":1", "\"schemaVersion\":\"1\""),
                VALID.replace("\"instrument\":\"BTCUSD\"", "\"instrument\":\"BTCUSD\",\"instrument\":\"OIL_CRUDE\""),
                VALID.replace("3f1c2a4e-8a9b-4c55-9d0e-1b2c3d4e5f60", "3F1C2A4E-8A9B-4C55-9D0E-1B2C3D4E5F60"),
                VALID + " ",
                VALID.replace("\"source\":\"capital\"", "\"source\":\"cap\\u0069tal\""),
                VALID.replace("\"schemaVersion\":1", "\"schemaVersion\":01"));
        for (String json : variants) {
            assertSameOutcome(json);
        }
    }

    /**
     * The record's bytes through the decoder, its text through the codec: equal ticks or the same refusal. And
     * straight into a COPY row: the row of the codec's tick, byte for byte, or nothing (left to the decoder).
     */
    private static void assertSameOutcome(byte[] json) {
        assertSameRow(json);
        String text = new String(json, StandardCharsets.UTF_8);
        InvalidEventException codecRefusal = catchThrowableOfType(InvalidEventException.class,
                () -> EventCodec.decode(text, Tick.class));
        InvalidEventException refusal = catchThrowableOfType(InvalidEventException.class,
                () -> TickDecoder.decode(json));
        if (codecRefusal == null) {
            assertThat(refusal).as(text).isNull();
            assertThat(TickDecoder.decode(json)).as(text).isEqualTo(EventCodec.decode(text, Tick.class));
        } else {
            assertThat(refusal).as(text).isNotNull();
            assertThat(refusal.getMessage()).isEqualTo(codecRefusal.getMessage());
        }
    }

    /**
     * {@link TickDecoder#copyRow} appends exactly the row TickCopyWriter encodes for the codec's tick, or nothing; it
     * never appends a row for a record the codec refuses.
     */
    private static void assertSameRow(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        Tick decoded;
        try {
            decoded = EventCodec.decode(text, Tick.class);
        } catch (InvalidEventException refused) {
            decoded = null;
        }
        CopyRows rows = new CopyRows(64);
        boolean copied = copyRow(json, rows);
        if (!copied) {
            assertThat(rows.size()).as(text).isZero();
            assertThat(rows.bytes()).as(text).isZero();
            return;
        }
        assertThat(decoded).as("copyRow took a record the codec refuses: %s", text).isNotNull();
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.encoded()).as(text).isEqualTo(rowOf(decoded));
    }

    private static boolean copyRow(byte[] json, CopyRows rows) {
        try {
            return TickDecoder.copyRow(json, rows);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] rowOf(Tick tick) {
        CopyRows rows = new CopyRows(64);
        try {
            TickCopyWriter.encodeRow(rows, tick);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows.encoded();
    }

    /** Both accept with equal ticks, or both refuse with the same reason. */
    private static void assertSameOutcome(String json) {
        assertSameOutcome(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidTicksAreRefusedWithTheCodecsReason() {
        List<String> invalid = List.of(
                "",
                "not json",
                "[]",
                "{\"schemaVersion\":1}",
                VALID.replace("\"schemaVersion\":1", "\"schemaVersion\":2"),
                VALID.replace("\"bid\":\"90123.45\"", "\"bid\":\"-1\""),
                VALID.replace("\"bid\":\"90123.45\"", "\"bid\":\"NaN\""),
                VALID.replace("\"bid\":\"90123.45\"", "\"bid\":\"0\""),
                VALID.replace("\"bid\":\"90123.45\"", "\"bid\":\"90200\""),
                VALID.replace("\"bid\":\"90123.45\"", "\"bid\":\"90123.12345678901\""),
                VALID.replace("\"instrument\":\"BTCUSD\"", "\"instrument\":\"btc usd\""),
                VALID.replace("\"source\":\"capital\"", "\"source\":\" \""),
                VALID.replace("2026-11-25T10:15:30.123Z", "2026-02-30T10:15:30Z"),
                VALID.replace("2026-11-25T10:15:30.123Z", "2026-11-25T25:15:30Z"),
                VALID.replace("2026-11-25T10:15:30.123Z", "yesterday"),
                VALID.replace("3f1c2a4e-8a9b-4c55-9d0e-1b2c3d4e5f60", "3f1c2a4e-8a9b-4c55-9d0e-1b2c3d4e5fzz"),
                VALID.replace(",\"ask\":\"90153.50\"", ""),
                VALID.substring(0, VALID.length() - 10));
        for (String json : invalid) {
            InvalidEventException expected = catchThrowableOfType(InvalidEventException.class,
                    () -> EventCodec.decode(json, Tick.class));
            assertThat(expected).as("the codec refuses %s", json).isNotNull();
            assertThat(TickDecoder.canonical(json)).as(json).isNull();
            assertThat(TickDecoder.exact(json)).as(json).isNull();
            assertThat(copyRow(json.getBytes(StandardCharsets.UTF_8), new CopyRows(64))).as(json).isFalse();
            InvalidEventException actual = catchThrowableOfType(InvalidEventException.class,
                    () -> TickDecoder.decode(json));
            assertThat(actual).as(json).isNotNull();
            assertThat(actual.getMessage()).isEqualTo(expected.getMessage());
        }
        assertThat(catchThrowableOfType(InvalidEventException.class, () -> TickDecoder.decode((String) null))).isNotNull();
    }

    @Test
    void strictFieldParsersAgreeWithTheJdk() {
        for (String s : List.of("2026-11-25T10:15:30Z", "2026-11-25T10:15:30.1Z", "2024-02-29T23:59:59.999999999Z",
                "2000-01-01T00:00:00.000Z", "1999-12-31T23:59:59.000001Z", "0001-01-01T00:00:00Z")) {
            assertThat(TickDecoder.instant(s)).as(s).isEqualTo(Instant.parse(s));
        }
        for (String s : List.of("2026-11-25T10:15:30.Z", "2026-11-25 10:15:30Z", "2025-02-29T00:00:00Z",
                "2026-11-25T10:15:60Z", "2026-13-01T00:00:00Z", "2026-11-25T10:15:30.1234567890Z", "+2026-11-25T10:15:30Z")) {
            assertThat(TickDecoder.instant(s)).as(s).isNull();
        }
        // minutes are remembered: a known minute with a bad second, fraction or end is still refused, and instants
        // of many minutes (more than are remembered) read as the JDK reads them, again and again
        assertThat(TickDecoder.instant("2026-11-25T10:15:30Z")).isNotNull();
        for (String s : List.of("2026-11-25T10:15:60Z", "2026-11-25T10:15:3xZ", "2026-11-25T10:15:30.x1Z",
                "2026-11-25T10:15:30.1", "2026-11-25T10:15-30Z")) {
            assertThat(TickDecoder.instant(s)).as(s).isNull();
        }
        Random random = new Random(23);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(-62_135_596_800L + (random.nextLong() >>> 1) % 315_537_897_600L,
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            if (i % 2 == 1) {
                t = Instant.ofEpochSecond(1_764_000_000L + random.nextInt(600), random.nextInt(1_000_000_000));
            }
            assertThat(TickDecoder.instant(t.toString())).as(t.toString()).isEqualTo(t);
        }
        for (String s : List.of("0", "1", "-1.5", "90123.45", "0.0000000001", "12345678901234567890.123")) {
            assertThat(TickDecoder.decimal(s)).isEqualTo(new BigDecimal(s));
        }
        for (String s : List.of("", "-", ".5", "1.", "1e5", "1,5", " 1", "0x10")) {
            assertThat(TickDecoder.decimal(s)).as(s).isNull();
        }
        UUID id = UUID.randomUUID();
        assertThat(TickDecoder.uuid(id.toString())).isEqualTo(id);
        assertThat(TickDecoder.uuid("1-1-1-1-1")).isNull();
    }

    private static Tick randomTick(Random r) {
        BigDecimal bid = BigDecimal.valueOf(1 + r.nextInt(10_000_000), r.nextInt(6));
        BigDecimal ask = bid.add(BigDecimal.valueOf(r.nextInt(1000), r.nextInt(4)));
        Instant t = Instant.ofEpochSecond(1_700_000_000L + r.nextInt(100_000_000), r.nextInt(1_000_000_000));
        boolean trades = r.nextBoolean();
        return new Tick(Tick.SCHEMA_VERSION, UUID.randomUUID(), t, t.plusNanos(r.nextInt(5_000_000)),
                r.nextBoolean() ? "BTCUSD" : "OIL_CRUDE", r.nextBoolean() ? "capital" : "polygon", bid, ask,
                trades ? bid.add(BigDecimal.ONE) : null, trades ? BigDecimal.valueOf(r.nextInt(100), 2) : null);
    }
}
