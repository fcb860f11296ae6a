package io.tickflow.simulators.polygon;

/**
 * What a {@link PolygonSimulator} has seen and done since it started.
 *
 * @param connectionsAccepted      WebSocket upgrades accepted
 * @param openConnections          sockets open now
 * @param authSuccesses            {@code auth_success} answers
 * @param authFailures             {@code auth_failed} answers (wrong key or injected)
 * @param maxConnectionRejections  sockets refused with {@code max_connections}
 * @param subscribeRequests        {@code subscribe} messages received
 * @param eventsSent               data events (XQ, XT, XA, XAS) written, summed over sockets
 * @param rawFramesSent            verbatim frames written by {@link PolygonFaults#sendRaw}, summed over sockets
 * @param forcedDisconnects        rounds of the periodic forced disconnect
 * @param restRequests             REST aggregate requests received
 * @param restRateLimited          of those, answered 429
 */
public record PolygonStats(long connectionsAccepted, int openConnections, long authSuccesses, long authFailures,
                           long maxConnectionRejections, long subscribeRequests, long eventsSent, long rawFramesSent,
                           long forcedDisconnects, long restRequests, long restRateLimited) {
}
