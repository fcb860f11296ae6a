package io.tickflow.marketdata.sources;

import io.tickflow.events.BarResolution;
import io.tickflow.marketdata.MarketDataConfig;
import io.tickflow.marketdata.feed.SourceRanking;
import io.tickflow.marketsources.SymbolMap;
import io.tickflow.marketsources.alphavantage.AlphaVantageClient;
import io.tickflow.marketsources.alphavantage.AlphaVantageConfig;
import io.tickflow.marketsources.alphavantage.AlphaVantagePoller;
import io.tickflow.marketsources.alphavantage.AlphaVantagePollingConfig;
import io.tickflow.marketsources.polygon.PolygonRestClient;
import io.tickflow.marketsources.polygon.PolygonRestConfig;
import io.tickflow.marketsources.polygon.PolygonStreamingClient;
import io.tickflow.marketsources.polygon.PolygonStreamingConfig;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The Polygon and Alpha Vantage clients of {@code libs/market-sources}, one each per service, from
 * {@link PolygonSettings} and {@link AlphaVantageSettings}. Created on first use only ({@link SourceWiring} asks for
 * the ranked ones), so a source nobody ranks is never contacted and needs no key. A missing key or a bad symbol fails
 * with the name of the setting.
 */
@ApplicationScoped
public class MarketSourcesProducer {

    @Produces
    @Singleton
    SymbolMap symbols(PolygonSettings polygon, AlphaVantageSettings alphaVantage) {
        return SymbolMap.of(polygon.symbols().isEmpty() ? SymbolMap.defaultPolygonEntries() : polygon.symbols(),
                alphaVantage.symbols().isEmpty() ? SymbolMap.defaultAlphaVantageEntries() : alphaVantage.symbols());
    }

    @Produces
    @Singleton
    PolygonStreamingClient polygonStreaming(Vertx vertx, SymbolMap symbols, PolygonSettings s) {
        requireEnabled(s.enabled(), "tickflow.polygon.enabled");
        PolygonStreamingConfig config = PolygonStreamingConfig.of(s.streamUrl(), s.apiKey().orElse(null));
        return new PolygonStreamingClient(vertx, symbols,
                config.withTimeWindow(config.maxFutureSkew(), s.maxAge()));
    }

    @Produces
    @Singleton
    PolygonRestClient polygonRest(Vertx vertx, SymbolMap symbols, PolygonSettings s) {
        requireEnabled(s.enabled(), "tickflow.polygon.enabled");
        return new PolygonRestClient(vertx, symbols, PolygonRestConfig.of(s.restUrl(), s.apiKey().orElse(null))
                .withPacing(s.restRequestsPerMinute()));
    }

    @Produces
    @Singleton
    AlphaVantageClient alphaVantage(Vertx vertx, SymbolMap symbols, AlphaVantageSettings s) {
        requireEnabled(s.enabled(), "tickflow.alphavantage.enabled");
        AlphaVantageConfig defaults = AlphaVantageConfig.of(s.baseUrl(), s.apiKey().orElse(null));
        return new AlphaVantageClient(vertx, symbols, defaults.withBudget(s.requestsPerDay(), defaults.minSpacing()));
    }

    /**
     * Polls one-minute bars of every streamed instrument that ranks Alpha Vantage, every {@code poll-interval}; the
     * poller refuses a plan that needs more requests a day than {@code requests-per-day}.
     */
    @Produces
    @Singleton
    AlphaVantagePoller alphaVantagePoller(Vertx vertx, AlphaVantageClient client, SymbolMap symbols,
            AlphaVantageSettings s, MarketDataConfig marketData) {
        List<AlphaVantagePollingConfig.Job> jobs = new ArrayList<>();
        for (String instrument : marketData.instruments()) {
            List<String> ranked = marketData.sources().getOrDefault(instrument, List.of());
            if (ranked.stream().map(String::trim).anyMatch(SourceRanking.ALPHA_VANTAGE::equals)) {
                jobs.add(new AlphaVantagePollingConfig.Job(instrument, AlphaVantagePollingConfig.Series.INTRADAY,
                        BarResolution.MINUTE_1, s.pollInterval()));
            }
        }
        return new AlphaVantagePoller(vertx, client, symbols, new AlphaVantagePollingConfig(jobs));
    }

    void close(@Disposes PolygonStreamingClient client) {
        client.close();
    }

    void close(@Disposes PolygonRestClient client) {
        client.close();
    }

    void close(@Disposes AlphaVantagePoller poller) {
        poller.close();
    }

    void close(@Disposes AlphaVantageClient client) {
        client.close();
    }

    private static void requireEnabled(boolean enabled, String setting) {
        if (!enabled) {
            throw new IllegalStateException(setting + " is false: this source must not be contacted");
        }
    }
}
