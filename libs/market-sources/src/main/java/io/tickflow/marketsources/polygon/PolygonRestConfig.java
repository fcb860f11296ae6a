package io.tickflow.marketsources.polygon;

import io.tickflow.marketsources.Backoff;
import io.tickflow.marketsources.Secrets;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the Polygon/Massive REST API.
 *
 * @param baseUrl              {@code https://api.massive.com} (or {@code https://api.polygon.io}, or a simulator's
 *                             {@code http://127.0.0.1:PORT})
 * @param apiKey               the account's key (setting {@code tickflow.polygon.api-key}); sent as the {@code apiKey}
 *                             query parameter, which is stripped from everything we log
 * @param maxRequestsPerMinute client-side pacing so the plan's limit is not hit in the first place (free tier: 5);
 *                             0 = no pacing (paid plans: "unlimited", stay under 100/s)
 * @param retries              attempts after the first for 429, 5xx and transport failures (GETs are safe to repeat)
 * @param backoff              delays between those attempts
 * @param connectTimeout       TCP connect timeout
 * @param requestTimeout       time allowed for one HTTP exchange
 * @param pageLimit            {@code limit} per page (documented maximum 50,000)
 * @param maxFutureSkew        bars starting further than this in the future are dropped as bad input
 * @param clock                receive timestamps ({@code ingestTime}) and the future check
 */
public record PolygonRestConfig(URI baseUrl, String apiKey, int maxRequestsPerMinute, int retries, Backoff backoff,
                                Duration connectTimeout, Duration requestTimeout, int pageLimit, Duration maxFutureSkew,
                                Clock clock) {

    public static final URI MASSIVE = URI.create("https://api.massive.com");
    public static final URI POLYGON = URI.create("https://api.polygon.io");

    public PolygonRestConfig {
        Objects.requireNonNull(baseUrl, "tickflow.polygon.rest-url");
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("tickflow.polygon.api-key is not set (POLYGON_API_KEY)");
        }
        if (baseUrl.getHost() == null || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("tickflow.polygon.rest-url must be an http(s) URL with a host: " + baseUrl);
        }
        if (maxRequestsPerMinute < 0 || retries < 0 || pageLimit < 1 || pageLimit > 50_000) {
            throw new IllegalArgumentException("maxRequestsPerMinute >= 0, retries >= 0 and pageLimit in 1..50000 required");
        }
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * Defaults for {@code baseUrl}: free-tier pacing (5 requests per minute), 4 retries backing off from 2 s to 60 s (a
     * 429 on the free tier clears within the minute), 5 s connect, 30 s per request, 50,000 bars per page.
     */
    public static PolygonRestConfig of(URI baseUrl, String apiKey) {
        return new PolygonRestConfig(baseUrl, apiKey, 5, 4, new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), 0.2),
                Duration.ofSeconds(5), Duration.ofSeconds(30), 50_000, Duration.ofSeconds(10), Clock.systemUTC());
    }

    public PolygonRestConfig withPacing(int maxRequestsPerMinute) {
        return new PolygonRestConfig(baseUrl, apiKey, maxRequestsPerMinute, retries, backoff, connectTimeout, requestTimeout,
                pageLimit, maxFutureSkew, clock);
    }

    public PolygonRestConfig withRetries(int retries, Backoff backoff) {
        return new PolygonRestConfig(baseUrl, apiKey, maxRequestsPerMinute, retries, backoff, connectTimeout, requestTimeout,
                pageLimit, maxFutureSkew, clock);
    }

    public PolygonRestConfig withPageLimit(int pageLimit) {
        return new PolygonRestConfig(baseUrl, apiKey, maxRequestsPerMinute, retries, backoff, connectTimeout, requestTimeout,
                pageLimit, maxFutureSkew, clock);
    }

    /** The key never appears: configs get logged. */
    @Override
    public String toString() {
        return "PolygonRestConfig[baseUrl=" + baseUrl + ", apiKey=" + Secrets.mask(apiKey) + ", maxRequestsPerMinute="
                + maxRequestsPerMinute + ", retries=" + retries + ", backoff=" + backoff + ", connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + ", pageLimit=" + pageLimit + "]";
    }
}
