package io.tickflow.alerting.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's), standing in for a webhook receiver, Slack and the Telegram Bot API.
 * It records every request and answers by the first matching rule (default: 200 and {@code {"ok":true}}), so a test
 * can script "500 twice, then 200" for the notices that carry its marker.
 */
public final class LocalHttpServer implements AutoCloseable {

    public record Request(String method, String path, Map<String, List<String>> headers, String body,
            Instant receivedAt) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public record Response(int status, Map<String, String> headers, String body) {

        public static Response of(int status, String body) {
            return new Response(status, Map.of(), body);
        }
    }

    private record Rule(Predicate<Request> when, Function<Request, Response> answer) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    public LocalHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers requests matching {@code when} with {@code answer} (null: fall through to the next rule). */
    public void when(Predicate<Request> when, Function<Request, Response> answer) {
        rules.add(0, new Rule(when, answer));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(Predicate<Request> match) {
        return requests.stream().filter(match).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                Map.copyOf(ex.getRequestHeaders()), body, Instant.now());
        requests.add(req);
        Response res = null;
        for (Rule r : new ArrayList<>(rules)) {
            if (r.when().test(req)) {
                res = r.answer().apply(req);
                if (res != null) {
                    break;
                }
            }
        }
        if (res == null) {
            res = Response.of(200, "{\"ok\":true}");
        }
        byte[] out = res.body().getBytes(StandardCharsets.UTF_8);
        res.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(res.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
