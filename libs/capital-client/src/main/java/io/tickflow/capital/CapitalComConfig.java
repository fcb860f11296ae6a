package io.tickflow.capital;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach one Capital.com account.
 *
 * @param baseUrl              API root without {@code /api/v1}, e.g. {@link #DEMO_BASE_URL} or capital-sim's
 *                             {@code http://127.0.0.1:18090}
 * @param apiKey               the {@code X-CAP-API-KEY}
 * @param identifier           login identifier (e-mail)
 * @param password             the API key's custom password (not the account password)
 * @param encryptedPassword    send the password RSA-encrypted ({@code GET /session/encryptionKey}) instead of in clear
 * @param connectTimeout       TCP connect timeout
 * @param requestTimeout       time allowed for one HTTP exchange; a POST that exceeds it has an unknown outcome
 * @param keepAliveInterval    an idle session is pinged after this long, before Capital.com's 10-minute idle expiry
 * @param maxRequestsPerSecond client-side pacing below Capital.com's 10 requests/s per user
 * @param orderSpacing         minimum gap between two dealing requests (POST/DELETE of positions)
 * @param liveTradingEnabled   must be true for the live host; anything else refuses to start against it
 */
public record CapitalComConfig(
        URI baseUrl,
        String apiKey,
        String identifier,
        String password,
        boolean encryptedPassword,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration keepAliveInterval,
        int maxRequestsPerSecond,
        Duration orderSpacing,
        boolean liveTradingEnabled) {

    public static final URI DEMO_BASE_URL = URI.create("https://demo-api-capital.backend-capital.com");
    public static final URI LIVE_BASE_URL = URI.create("https://api-capital.backend-capital.com");
    static final String LIVE_HOST = LIVE_BASE_URL.getHost();

    public CapitalComConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        Objects.requireNonNull(orderSpacing, "orderSpacing");
        if (baseUrl.getHost() == null || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL with a host: " + baseUrl);
        }
        if (maxRequestsPerSecond < 1) {
            throw new IllegalArgumentException("maxRequestsPerSecond must be >= 1");
        }
        if (requestTimeout.isZero() || requestTimeout.isNegative() || keepAliveInterval.isZero() || keepAliveInterval.isNegative()) {
            throw new IllegalArgumentException("timeouts and the keep-alive interval must be positive");
        }
    }

    /** The documented defaults: 5 s connect, 10 s per request, ping after 8 idle minutes, 10 requests/s, 100 ms between orders. */
    public static CapitalComConfig of(URI baseUrl, String apiKey, String identifier, String password) {
        return new CapitalComConfig(baseUrl, apiKey, identifier, password, false, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofMinutes(8), 10, Duration.ofMillis(100), false);
    }

    public boolean isLiveHost() {
        return LIVE_HOST.equals(baseUrl.getHost().toLowerCase(Locale.ROOT));
    }

    public CapitalComConfig withEncryptedPassword(boolean encrypted) {
        return new CapitalComConfig(baseUrl, apiKey, identifier, password, encrypted, connectTimeout, requestTimeout,
                keepAliveInterval, maxRequestsPerSecond, orderSpacing, liveTradingEnabled);
    }

    public CapitalComConfig withRequestTimeout(Duration timeout) {
        return new CapitalComConfig(baseUrl, apiKey, identifier, password, encryptedPassword, connectTimeout, timeout,
                keepAliveInterval, maxRequestsPerSecond, orderSpacing, liveTradingEnabled);
    }

    public CapitalComConfig withKeepAliveInterval(Duration interval) {
        return new CapitalComConfig(baseUrl, apiKey, identifier, password, encryptedPassword, connectTimeout, requestTimeout,
                interval, maxRequestsPerSecond, orderSpacing, liveTradingEnabled);
    }

    public CapitalComConfig withPacing(int requestsPerSecond, Duration spacingBetweenOrders) {
        return new CapitalComConfig(baseUrl, apiKey, identifier, password, encryptedPassword, connectTimeout, requestTimeout,
                keepAliveInterval, requestsPerSecond, spacingBetweenOrders, liveTradingEnabled);
    }

    public CapitalComConfig withLiveTradingEnabled(boolean enabled) {
        return new CapitalComConfig(baseUrl, apiKey, identifier, password, encryptedPassword, connectTimeout, requestTimeout,
                keepAliveInterval, maxRequestsPerSecond, orderSpacing, enabled);
    }

    /** Credentials never appear: configs get logged. */
    @Override
    public String toString() {
        return "CapitalComConfig[baseUrl=" + baseUrl + ", identifier=" + identifier + ", apiKey=***, password=***"
                + ", encryptedPassword=" + encryptedPassword + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", keepAliveInterval=" + keepAliveInterval
                + ", maxRequestsPerSecond=" + maxRequestsPerSecond + ", orderSpacing=" + orderSpacing
                + ", liveTradingEnabled=" + liveTradingEnabled + "]";
    }
}
