package io.tickflow.cli.ticks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The client side of the import: chunks carry the header, refusals are reported by their line in the file, and the
 * exit code says whether everything was stored. The server here answers in the shape of market-data's
 * {@code POST /api/ticks/import} (TickStorageTest in market-data tests the real endpoint).
 */
class TickImportCommandTest {

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/ticks/import", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            List<String> lines = body.lines().toList();
            StringBuilder rejections = new StringBuilder();
            int stored = 0;
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).contains("bad")) {
                    rejections.append(rejections.isEmpty() ? "" : ",").append("{\"line\":").append(i + 1)
                            .append(",\"reason\":\"ask is below bid\"}");
                } else {
                    stored++;
                }
            }
            int rejected = lines.size() - 1 - stored;
            byte[] answer = ("{\"stored\":" + stored + ",\"alreadyStored\":0,\"rejected\":" + rejected
                    + ",\"rejections\":[" + rejections + "]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void sendsChunksWithTheHeaderAndReportsRefusedLinesByTheirLineInTheFile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("ticks.csv");
        Files.writeString(csv, """
                time,bid,ask
                2026-10-01T00:00:00Z,100,101
                2026-10-01T00:00:01Z,100,101
                2026-10-01T00:00:02Z,100,101
                2026-10-01T00:00:03Z,100,101
                2026-10-01T00:00:04Z,bad,101
                2026-10-01T00:00:05Z,100,101
                2026-10-01T00:00:06Z,100,101
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TickImportCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute(csv.toString(), "--instrument", "BTCUSD", "--chunk", "3",
                "--url", "http://127.0.0.1:" + server.getAddress().getPort());

        assertThat(bodies).hasSize(3).allSatisfy(b -> assertThat(b).startsWith("time,bid,ask\n"));
        assertThat(bodies.get(2).lines()).hasSize(2);
        assertThat(err.toString()).contains("line 6: ask is below bid");
        assertThat(out.toString()).contains("BTCUSD: 7 lines, 6 stored, 0 already stored, 1 refused");
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void aMissingFileIsABadArgument(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TickImportCommand());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(dir.resolve("none.csv").toString(), "--instrument", "BTCUSD")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read");
    }
}
