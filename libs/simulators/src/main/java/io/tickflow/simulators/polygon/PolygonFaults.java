package io.tickflow.simulators.polygon;

/**
 * Fault injection for the Polygon/Massive simulator: each method reproduces a failure the real service is known to show
 * (shared/reference/market-apis.md, sections 4 and 6: forced disconnects, one connection per cluster, authentication
 * problems, quiet feeds, the 5-requests-per-minute free tier) or input a robust client must survive. Thread-safe.
 */
public final class PolygonFaults {

    private final PolygonStreamHub hub;
    private final CryptoMarket market;
    private final PolygonRestApi rest;

    PolygonFaults(PolygonStreamHub hub, CryptoMarket market, PolygonRestApi rest) {
        this.hub = hub;
        this.market = market;
        this.rest = rest;
    }

    /** Closes every socket with a close frame (1001), as Massive's periodic forced disconnects do; returns how many. */
    public int disconnectAll() {
        return hub.closeAll((short) 1001, "forced disconnect");
    }

    /** Kills every socket's TCP connection without a close frame, like a network failure; returns how many. */
    public int dropConnections() {
        return hub.dropAll();
    }

    /** Half-open sockets: they stay up but nothing is written and nothing is read, not even WebSocket pings. */
    public int freezeConnections() {
        return hub.freezeAll();
    }

    /** The next {@code count} {@code auth} messages get {@code auth_failed} whatever the key (then the socket closes). */
    public void failNextAuths(int count) {
        requireNonNegative(count);
        hub.failNextAuths(count);
    }

    /** Every {@code auth} gets {@code auth_failed} until switched off (a revoked key). */
    public void rejectAllAuths(boolean reject) {
        hub.rejectAllAuths(reject);
    }

    /** The next {@code count} sockets that authenticate get {@code max_connections} and are closed with 1008. */
    public void refuseNextWithMaxConnections(int count) {
        requireNonNegative(count);
        hub.refuseNextWithMaxConnections(count);
    }

    /** Sends a truncated JSON message to every authenticated socket; returns how many got it. */
    public int sendMalformedFrame() {
        return hub.sendRaw(PolygonStreamHub.DEFAULT_MALFORMED_FRAME);
    }

    /**
     * Sends {@code text} verbatim to every authenticated socket, subscribed or not: NaN prices, crossed quotes, unknown
     * pairs, odd timestamps, anything a test needs. Returns how many sockets got it.
     */
    public int sendRaw(String text) {
        return hub.sendRaw(text);
    }

    /** Silence: no data for any pair while sockets stay open and healthy (the staleness case). */
    public void silence(boolean on) {
        market.silence(on);
    }

    /** Silence for one pair only (e.g. BTC-USD). */
    public void silence(String pair, boolean on) {
        market.silence(pair, on);
    }

    /** The next {@code count} REST requests with a valid key answer 429. */
    public void rateLimitNextRestRequests(int count) {
        requireNonNegative(count);
        rest.rateLimitNext(count);
    }

    /** The next {@code count} REST requests with a valid key answer 502. */
    public void failNextRestRequests(int count) {
        requireNonNegative(count);
        rest.failNextWithServerError(count);
    }

    /** Back to a healthy service: no armed faults, no silence. Sockets already closed or frozen stay so. */
    public void reset() {
        hub.failNextAuths(0);
        hub.rejectAllAuths(false);
        hub.refuseNextWithMaxConnections(0);
        market.resumeAll();
        rest.rateLimitNext(0);
        rest.failNextWithServerError(0);
    }

    private static void requireNonNegative(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
    }
}
