package io.tickflow.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL server per test JVM (zonky's embedded binaries: no Docker, no root, no apt), started on first
 * use. Each test class asks for its own database. Set {@code TICKFLOW_TEST_PG_URL}
 * (e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=x}) to use a server of your own,
 * for instance one with TimescaleDB.
 */
public final class TestPostgres {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static EmbeddedPostgres server;
    private static String host;
    private static int port;

    private TestPostgres() {
    }

    public record Database(String name, String host, int port, String user, String password) {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public String reactiveUrl() {
            return "postgresql://" + host + ":" + port + "/" + name;
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), user, password);
        }
    }

    private static synchronized void start() {
        if (host != null) {
            return;
        }
        String external = System.getenv("TICKFLOW_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            java.net.URI uri = java.net.URI.create(external.substring("jdbc:".length()));
            host = uri.getHost();
            port = uri.getPort();
            return;
        }
        try {
            // tests trade durability for speed; benchmarks set tickflow.test.pg.durable=true to pay what production pays
            boolean durable = Boolean.getBoolean("tickflow.test.pg.durable");
            server = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("max_connections", "300")
                    .start();
            host = "127.0.0.1";
            port = server.getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::close, "test-postgres-shutdown"));
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL", e);
        }
    }

    /** Creates a new empty database and returns how to reach it. */
    public static Database createDatabase(String name) {
        start();
        String db = name.toLowerCase().replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres",
                USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + db);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + db, e);
        }
        return new Database(db, host, port, USER, PASSWORD);
    }

    private static synchronized void close() {
        if (server != null) {
            try {
                server.close();
            } catch (Exception ignored) {
                // JVM is exiting
            }
            server = null;
        }
    }
}
