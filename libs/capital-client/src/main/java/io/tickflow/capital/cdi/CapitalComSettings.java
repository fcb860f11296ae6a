package io.tickflow.capital.cdi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code tickflow.capital.*}: how a service reaches Capital.com. Credentials come from the environment
 * ({@code TICKFLOW_CAPITAL_API_KEY}, ...) or a Kubernetes Secret; a missing one fails start-up naming the setting.
 */
@ConfigMapping(prefix = "tickflow.capital")
public interface CapitalComSettings {

    /** e.g. https://demo-api-capital.backend-capital.com, or capital-sim's http://127.0.0.1:18090. */
    URI baseUrl();

    String apiKey();

    String identifier();

    String password();

    @WithDefault("false")
    boolean encryptedPassword();

    @WithDefault("2s")
    Duration connectTimeout();

    /** How long an order request may take before its outcome is treated as unknown. */
    @WithDefault("5s")
    Duration requestTimeout();

    /**
     * Client-side pacing below Capital.com's documented limits (10 requests/s per user, orders about 100 ms apart).
     * Raise them only against capital-sim, e.g. for a fault-injection run that tests correctness, not quotas.
     */
    @WithDefault("10")
    int maxRequestsPerSecond();

    @WithDefault("100ms")
    Duration orderSpacing();

    /** Must be true to trade on the live host: a wrong URL must not trade real money. */
    @WithDefault("false")
    boolean liveTradingEnabled();

    /** Overrides the streaming URL the session announces (streamingHost + "connect"). */
    Optional<URI> streamUrl();
}
