package io.tickflow.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A local HTTP server standing in for the generic webhook the alerting service notifies (tickflow.alerting.webhook.url):
 * answers 200 to every POST and keeps the bodies, so a test can see which notices went out.
 */
final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    /** The notices received so far that match, in arrival order. */
    List<String> notices(Predicate<String> match) {
        return bodies.stream().filter(match).toList();
    }

    /** A notice of this kind (FIRING, RESOLVED, ESCALATION) for this alert. */
    static Predicate<String> of(String alertId, String kind) {
        return body -> body.contains(alertId) && body.matches("(?s).*\"kind\"\\s*:\\s*\"" + kind + "\".*");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
