package io.tickflow.tickstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.testkit.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** The binary encoder against PostgreSQL itself: what it writes reads back exactly, and equals what the server sends. */
class BinaryCopyEncoderTest {

    private static Connection connection;
    private static CopyManager copy;

    @BeforeAll
    static void connect() throws SQLException {
        connection = TestPostgres.createDatabase("copy_encoder_" + System.nanoTime()).connect();
        copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE v (i int, n numeric, t timestamptz, u uuid, s text)");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    private static final List<String> NUMERICS = List.of("0", "0.00", "1", "-1", "90123.45", "70.115", "0.0001",
            "0.00001", "-0.5", "10000", "9999", "99999999", "1.5", "100.000", "1E+3", "-2.5E+7", "1E-20",
            "123456789012345", "1234567890123456", "999999999999999.9", "0.000000000123456789",
            "12345678901234567890.123456789", "-98765432109876543210987654321.0000001", "1E+100", "1E-100",
            "3.14159265358979323846264338327950288419716939937510");

    @Test
    void numericsRoundTripWithTheirScale() throws SQLException {
        List<BigDecimal> values = new ArrayList<>(NUMERICS.stream().map(BigDecimal::new).toList());
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            BigInteger unscaled = new BigInteger(1 + random.nextInt(120), random);
            values.add(new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), random.nextInt(60) - 20));
        }
        List<BigDecimal> back = roundTripNumerics(values);
        for (int i = 0; i < values.size(); i++) {
            BigDecimal v = values.get(i);
            // PostgreSQL keeps the display scale; a negative BigDecimal scale (1E+3) is an integer, scale 0
            BigDecimal expected = v.scale() < 0 ? v.setScale(0) : v;
            assertThat(back.get(i)).as("value %s", v.toPlainString()).isEqualTo(expected);
        }
    }

    @Test
    void numericBytesAreWhatPostgresSendsForTheSameValue() throws SQLException {
        for (String literal : NUMERICS) {
            byte[] server = serverCopy("SELECT '" + literal + "'::numeric");
            byte[] ours = encode(e -> e.startRow(1).numeric(new BigDecimal(literal)));
            assertThat(ours).as("numeric %s", literal).isEqualTo(server);
        }
    }

    @Test
    void timestampsAreMicrosecondsSince2000TruncatedTowardsThePast() throws SQLException {
        List<Instant> instants = List.of(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("1970-01-01T00:00:00Z"),
                Instant.parse("1999-12-31T23:59:59.999999Z"), Instant.parse("2026-11-25T10:15:30.123Z"),
                Instant.parse("2026-11-25T10:15:30.123456789Z"), Instant.parse("1999-12-31T23:59:59.9999995Z"),
                Instant.parse("2262-04-11T23:47:16.854775Z"));
        insert(instants.size(), (e, i) -> e.timestamptz(instants.get(i)), "t");
        List<Instant> back = read("t", rs -> rs.getObject(1, OffsetDateTime.class).toInstant());
        for (int i = 0; i < instants.size(); i++) {
            assertThat(back.get(i)).isEqualTo(instants.get(i).truncatedTo(ChronoUnit.MICROS));
        }
        assertThat(encode(e -> e.startRow(1).timestamptz(Instant.parse("2026-11-25T10:15:30.123456Z"))))
                .isEqualTo(serverCopy("SELECT '2026-11-25T10:15:30.123456Z'::timestamptz"));
    }

    @Test
    void uuidsTextAndNullsRoundTrip() throws SQLException {
        List<UUID> ids = List.of(UUID.randomUUID(), new UUID(0, 0), new UUID(-1, -1),
                UUID.fromString("3f1c2a4e-8a9b-4c55-9d0e-1b2c3d4e5f60"));
        List<String> texts = List.of("BTCUSD", "", "naïve € 日本", "capital");
        insert(ids.size(), (e, i) -> e.uuid(ids.get(i)), "u");
        assertThat(read("u", rs -> rs.getObject(1, UUID.class))).containsExactlyElementsOf(ids);
        clear();
        insert(texts.size(), (e, i) -> e.text(texts.get(i)), "s");
        assertThat(read("s", rs -> rs.getString(1))).containsExactlyElementsOf(texts);
        clear();
        insert(1, (e, i) -> e.numeric(null), "n");
        assertThat(read("n", rs -> rs.getBigDecimal(1))).containsExactly((BigDecimal) null);
    }

    @Test
    void aBatchLargerThanTheBufferIsStreamedInChunks() throws SQLException {
        List<byte[]> chunks = new ArrayList<>();
        BinaryCopyEncoder encoder = new BinaryCopyEncoder(1024, (b, off, len) -> chunks.add(Arrays.copyOfRange(b, off,
                off + len))).header();
        for (int i = 0; i < 1000; i++) {
            encoder.startRow(1).numeric(BigDecimal.valueOf(i, 2));
        }
        encoder.trailer().flush();
        assertThat(chunks.size()).isGreaterThan(5);
        assertThat(chunks).allSatisfy(c -> assertThat(c.length).isLessThanOrEqualTo(1024));
    }

    @Test
    void theFormsFromPartsAreTheBytesOfTheObjectForms() throws SQLException {
        // TickDecoder.copyRow writes ticks from their parts; the stored row must not depend on which form wrote it
        for (Instant t : List.of(Instant.parse("1969-12-31T23:59:59.9999995Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("2026-11-25T10:15:30.123456789Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"))) {
            assertThat(encode(e -> e.startRow(1).timestamptz(t.getEpochSecond(), t.getNano())))
                    .isEqualTo(encode(e -> e.startRow(1).timestamptz(t)));
        }
        UUID id = UUID.randomUUID();
        assertThat(encode(e -> e.startRow(1).uuid(id.getMostSignificantBits(), id.getLeastSignificantBits())))
                .isEqualTo(encode(e -> e.startRow(1).uuid(id)));
        byte[] utf8 = "xx naïve € yy".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(encode(e -> e.startRow(1).text(utf8, 3, utf8.length - 6)))
                .isEqualTo(encode(e -> e.startRow(1).text("naïve €")));
    }

    @Test
    void scalesPostgresCannotHoldAreRefused() throws SQLException {
        BinaryCopyEncoder encoder = new BinaryCopyEncoder(1024, (b, off, len) -> { });
        assertThatThrownBy(() -> encoder.numeric(new BigDecimal(BigInteger.ONE, 20_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
        // refused from precision and scale alone: the digits of 1E+400000000 are never built
        assertThatThrownBy(() -> encoder.numeric(new BigDecimal("1E+400000000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("400000001 integer digits");
        encoder.numeric(new BigDecimal("1E+131071")); // PostgreSQL's largest weight: still written
        assertThatThrownBy(() -> encoder.numeric(new BigDecimal("1E+131072")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("131073 integer digits");
        assertThatThrownBy(() -> encoder.timestamptz(Instant.parse("+300000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of PostgreSQL's range");
    }

    // -- helpers

    @FunctionalInterface
    interface RowWriter {
        void write(BinaryCopyEncoder encoder) throws SQLException;
    }

    @FunctionalInterface
    interface FieldWriter {
        void write(BinaryCopyEncoder encoder, int row) throws SQLException;
    }

    @FunctionalInterface
    interface Column<T> {
        T get(ResultSet rs) throws SQLException;
    }

    private static List<BigDecimal> roundTripNumerics(List<BigDecimal> values) throws SQLException {
        clear();
        insert(values.size(), (e, i) -> e.numeric(values.get(i)), "n");
        return read("n", rs -> rs.getBigDecimal(1));
    }

    private static void insert(int rows, FieldWriter field, String column) throws SQLException {
        clear();
        var in = copy.copyIn("COPY v (i, " + column + ") FROM STDIN (FORMAT binary)");
        BinaryCopyEncoder encoder = new BinaryCopyEncoder(1024, in::writeToCopy).header();
        for (int i = 0; i < rows; i++) {
            encoder.startRow(2);
            encoder.bytes(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
            field.write(encoder, i);
        }
        encoder.trailer().flush();
        assertThat(in.endCopy()).isEqualTo(rows);
    }

    private static <T> List<T> read(String column, Column<T> get) throws SQLException {
        List<T> out = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + column + " FROM v ORDER BY i")) {
            while (rs.next()) {
                out.add(get.get(rs));
            }
        }
        return out;
    }

    private static void clear() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("TRUNCATE v");
        }
    }

    private static byte[] encode(RowWriter row) throws SQLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryCopyEncoder encoder = new BinaryCopyEncoder(1024, out::write).header();
        row.write(encoder);
        encoder.trailer().flush();
        return out.toByteArray();
    }

    private static byte[] serverCopy(String query) throws SQLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            copy.copyOut("COPY (" + query + ") TO STDOUT (FORMAT binary)", out);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
