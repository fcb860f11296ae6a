package io.tickflow.marketsources.polygon;

import io.tickflow.marketsources.Backoff;
import io.tickflow.marketsources.Secrets;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How to reach the Polygon/Massive crypto WebSocket and how hard to hold on to it.
 *
 * @param url            {@code wss://socket.massive.com/crypto} (or {@code socket.polygon.io}, {@code delayed.massive.com},
 *                       or a simulator's {@code ws://127.0.0.1:PORT/crypto}); see {@link #forHost}
 * @param apiKey         the account's key (setting {@code tickflow.polygon.api-key}); sent only in the {@code auth} message
 * @param channels       channels subscribed for every instrument
 * @param pingInterval   a WebSocket ping is sent this often; its pong proves the connection alive when the market is quiet
 * @param silenceTimeout no frame at all (not even a pong) for this long means a dead (half-open) socket: reconnect
 * @param backoff        reconnect delays after a disconnect, a failed connect or {@code max_connections}
 * @param authRetryDelay delay before reconnecting after {@code auth_failed}: a wrong key does not fix itself, so we do not
 *                       hammer the server with it, but a revoked-and-restored key or a server glitch still heals
 * @param connectTimeout WebSocket handshake timeout
 * @param maxFutureSkew  events stamped further than this in the future are dropped (clock or unit errors)
 * @param maxAge         events older than this are dropped as not live; raise it for the delayed feed (15 minutes late)
 * @param clock          receive timestamps ({@code ingestTime}) and the time checks
 */
public record PolygonStreamingConfig(URI url, String apiKey, Set<PolygonChannel> channels, Duration pingInterval,
                                     Duration silenceTimeout, Backoff backoff, Duration authRetryDelay,
                                     Duration connectTimeout, Duration maxFutureSkew, Duration maxAge, Clock clock) {

    public static final String DEFAULT_HOST = "socket.massive.com";

    public PolygonStreamingConfig {
        Objects.requireNonNull(url, "tickflow.polygon.stream-url");
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("tickflow.polygon.api-key is not set (POLYGON_API_KEY)");
        }
        if (!("ws".equals(url.getScheme()) || "wss".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("tickflow.polygon.stream-url must be a ws:// or wss:// URL with a host: " + url);
        }
        channels = Set.copyOf(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("tickflow.polygon.channels: at least one channel is required");
        }
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(silenceTimeout, "silenceTimeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(authRetryDelay, "authRetryDelay");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(clock, "clock");
        if (silenceTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("silenceTimeout must exceed pingInterval, or every pause between pongs looks dead");
        }
    }

    /**
     * Defaults for {@code url}: quotes, trades and minute aggregates; ping every 10 s, dead after 30 s of nothing; reconnect
     * from 500 ms backing off to 30 s with 20 % jitter; 5 minutes after a refused key; events more than 10 s ahead or
     * 5 minutes behind our clock are dropped.
     */
    public static PolygonStreamingConfig of(URI url, String apiKey) {
        return new PolygonStreamingConfig(url, apiKey, EnumSet.of(PolygonChannel.XQ, PolygonChannel.XT, PolygonChannel.XA),
                Duration.ofSeconds(10), Duration.ofSeconds(30), new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2),
                Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(5),
                Clock.systemUTC());
    }

    /** {@code wss://<host>/crypto}, e.g. {@code socket.massive.com}, {@code socket.polygon.io}, {@code delayed.massive.com}. */
    public static PolygonStreamingConfig forHost(String host, String apiKey) {
        return of(URI.create("wss://" + host + "/crypto"), apiKey);
    }

    public PolygonStreamingConfig withChannels(Set<PolygonChannel> channels) {
        return new PolygonStreamingConfig(url, apiKey, channels, pingInterval, silenceTimeout, backoff, authRetryDelay,
                connectTimeout, maxFutureSkew, maxAge, clock);
    }

    public PolygonStreamingConfig withPing(Duration interval, Duration silence) {
        return new PolygonStreamingConfig(url, apiKey, channels, interval, silence, backoff, authRetryDelay, connectTimeout,
                maxFutureSkew, maxAge, clock);
    }

    public PolygonStreamingConfig withBackoff(Backoff backoff, Duration authRetryDelay) {
        return new PolygonStreamingConfig(url, apiKey, channels, pingInterval, silenceTimeout, backoff, authRetryDelay,
                connectTimeout, maxFutureSkew, maxAge, clock);
    }

    public PolygonStreamingConfig withTimeWindow(Duration maxFutureSkew, Duration maxAge) {
        return new PolygonStreamingConfig(url, apiKey, channels, pingInterval, silenceTimeout, backoff, authRetryDelay,
                connectTimeout, maxFutureSkew, maxAge, clock);
    }

    public PolygonStreamingConfig withClock(Clock clock) {
        return new PolygonStreamingConfig(url, apiKey, channels, pingInterval, silenceTimeout, backoff, authRetryDelay,
                connectTimeout, maxFutureSkew, maxAge, clock);
    }

    /** The key never appears: configs get logged. */
    @Override
    public String toString() {
        return "PolygonStreamingConfig[url=" + url + ", apiKey=" + Secrets.mask(apiKey) + ", channels=" + channels
                + ", pingInterval=" + pingInterval + ", silenceTimeout=" + silenceTimeout + ", backoff=" + backoff
                + ", authRetryDelay=" + authRetryDelay + ", connectTimeout=" + connectTimeout + ", maxFutureSkew="
                + maxFutureSkew + ", maxAge=" + maxAge + "]";
    }
}
