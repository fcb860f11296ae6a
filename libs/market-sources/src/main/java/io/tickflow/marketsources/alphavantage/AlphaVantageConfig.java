package io.tickflow.marketsources.alphavantage;

import io.tickflow.marketsources.Secrets;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Alpha Vantage and how much of it we may use.
 *
 * @param baseUrl        {@code https://www.alphavantage.co} (or a simulator's {@code http://127.0.0.1:PORT}); the API is
 *                       {@code /query} under it
 * @param apiKey         the key (setting {@code tickflow.alphavantage.api-key}); sent as {@code apikey}, stripped from logs
 * @param requestsPerDay requests we allow ourselves in any 24 hours (free tier: 25 per day). A rolling window, stricter
 *                       than a calendar day, so we stay within the limit whenever Alpha Vantage's day starts
 * @param minSpacing     minimum time between two requests (the free tier's burst limit is about one per second)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout time allowed for one HTTP exchange
 * @param maxFutureSkew  bars stamped further than this in the future are dropped as bad input
 * @param clock          the budget's window, receive timestamps and the future check
 */
public record AlphaVantageConfig(URI baseUrl, String apiKey, int requestsPerDay, Duration minSpacing, Duration connectTimeout,
                                 Duration requestTimeout, Duration maxFutureSkew, Clock clock) {

    public static final URI ALPHA_VANTAGE = URI.create("https://www.alphavantage.co");

    public AlphaVantageConfig {
        Objects.requireNonNull(baseUrl, "tickflow.alphavantage.base-url");
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("tickflow.alphavantage.api-key is not set (ALPHAVANTAGE_API_KEY)");
        }
        if (baseUrl.getHost() == null || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("tickflow.alphavantage.base-url must be an http(s) URL with a host: " + baseUrl);
        }
        if (requestsPerDay < 1) {
            throw new IllegalArgumentException("tickflow.alphavantage.requests-per-day must be >= 1, was " + requestsPerDay);
        }
        Objects.requireNonNull(minSpacing, "minSpacing");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(clock, "clock");
        if (minSpacing.isNegative()) {
            throw new IllegalArgumentException("tickflow.alphavantage.min-spacing must not be negative");
        }
    }

    /** The free tier: 25 requests a day, 1.2 s apart (the burst limit is one per second; network jitter eats the rest). */
    public static AlphaVantageConfig of(URI baseUrl, String apiKey) {
        return new AlphaVantageConfig(baseUrl, apiKey, 25, Duration.ofMillis(1200), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Clock.systemUTC());
    }

    public AlphaVantageConfig withBudget(int requestsPerDay, Duration minSpacing) {
        return new AlphaVantageConfig(baseUrl, apiKey, requestsPerDay, minSpacing, connectTimeout, requestTimeout,
                maxFutureSkew, clock);
    }

    public AlphaVantageConfig withClock(Clock clock) {
        return new AlphaVantageConfig(baseUrl, apiKey, requestsPerDay, minSpacing, connectTimeout, requestTimeout,
                maxFutureSkew, clock);
    }

    /** The key never appears: configs get logged. */
    @Override
    public String toString() {
        return "AlphaVantageConfig[baseUrl=" + baseUrl + ", apiKey=" + Secrets.mask(apiKey) + ", requestsPerDay="
                + requestsPerDay + ", minSpacing=" + minSpacing + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + "]";
    }
}
