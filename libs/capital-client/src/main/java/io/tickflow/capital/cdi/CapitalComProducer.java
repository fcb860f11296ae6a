package io.tickflow.capital.cdi;

import io.tickflow.capital.CapitalComClient;
import io.tickflow.capital.CapitalComConfig;
import io.tickflow.capital.CapitalComStreamingClient;
import io.tickflow.capital.StreamingConfig;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes one Capital.com REST client and one streaming client per service, from {@link CapitalComSettings}. */
@ApplicationScoped
public class CapitalComProducer {

    @Produces
    @Singleton
    CapitalComClient client(Vertx vertx, CapitalComSettings s) {
        CapitalComConfig defaults = CapitalComConfig.of(s.baseUrl(), s.apiKey(), s.identifier(), s.password());
        return new CapitalComClient(vertx, new CapitalComConfig(s.baseUrl(), s.apiKey(), s.identifier(),
                s.password(), s.encryptedPassword(), s.connectTimeout(), s.requestTimeout(),
                defaults.keepAliveInterval(), s.maxRequestsPerSecond(), s.orderSpacing(), s.liveTradingEnabled()));
    }

    @Produces
    @Singleton
    CapitalComStreamingClient streaming(Vertx vertx, CapitalComClient client, CapitalComSettings s) {
        StreamingConfig d = StreamingConfig.defaults();
        return new CapitalComStreamingClient(vertx, client, new StreamingConfig(s.streamUrl().orElse(null),
                d.pingInterval(), d.silenceTimeout(), d.initialBackoff(), d.maxBackoff(), d.jitter(),
                d.maxEpicsPerSocket(), d.connectTimeout()));
    }

    void close(@Disposes CapitalComStreamingClient streaming) {
        streaming.close();
    }

    void close(@Disposes CapitalComClient client) {
        client.close();
    }
}
