package io.tickflow.simulators.capital;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wide-area network between a client and Capital.com, modelled on loopback: every REST answer is held for one
 * round trip ({@code rtt}), and the first request on a new connection for a further {@code handshake} (TCP and TLS
 * set-up, which a real HTTPS connection pays before its first byte). Off by default; benchmarks turn it on so a client
 * that opens a connection per request pays what it would pay in production.
 */
public final class NetworkModel {

    private volatile long rttMillis;
    private volatile long handshakeMillis;
    private final Set<HttpConnection> seen = ConcurrentHashMap.newKeySet();

    /** Sets the model; zero durations switch it off. */
    public void set(Duration rtt, Duration handshake) {
        if (rtt.isNegative() || handshake.isNegative()) {
            throw new IllegalArgumentException("rtt and handshake must be >= 0");
        }
        this.rttMillis = rtt.toMillis();
        this.handshakeMillis = handshake.toMillis();
    }

    public Duration rtt() {
        return Duration.ofMillis(rttMillis);
    }

    public Duration handshake() {
        return Duration.ofMillis(handshakeMillis);
    }

    void handle(RoutingContext ctx, Vertx vertx) {
        long delay = rttMillis;
        if (handshakeMillis > 0) {
            HttpConnection connection = ctx.request().connection();
            if (seen.add(connection)) {
                connection.closeHandler(ignored -> seen.remove(connection));
                delay += handshakeMillis;
            }
        }
        if (delay <= 0) {
            ctx.next();
        } else {
            vertx.setTimer(delay, ignored -> ctx.next());
        }
    }
}
