package io.tickflow.marketdata.sources;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;
import io.tickflow.marketdata.MarketDataConfig;
import io.tickflow.marketdata.capital.CapitalQuoteIngestor;
import io.tickflow.marketdata.feed.MergedFeed;
import io.tickflow.marketdata.feed.SourceRanking;
import io.tickflow.marketsources.MarketDataSource;
import io.tickflow.marketsources.SourceHealth;
import io.tickflow.marketsources.SymbolMap;
import io.tickflow.marketsources.alphavantage.AlphaVantagePoller;
import io.tickflow.marketsources.polygon.PolygonStreamingClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Start-up of the market-data sources: validates the ranking against what is configured (a ranked source that is
 * disabled, has no key, or cannot serve the instrument fails start-up naming the setting), starts the
 * {@link MergedFeed}, and then connects every ranked source to it: Capital.com's stream, Polygon's crypto stream and the
 * Alpha Vantage poller. Sources that no instrument ranks are never contacted.
 */
@ApplicationScoped
public class SourceWiring {

    private static final Logger LOG = Logger.getLogger(SourceWiring.class);

    private final MarketDataConfig config;
    private final MergedFeed feed;
    private final CapitalQuoteIngestor capital;
    private final SourceRejects rejects;
    private final PolygonSettings polygon;
    private final AlphaVantageSettings alphaVantage;
    private final Instance<SymbolMap> symbols;
    private final Instance<PolygonStreamingClient> polygonClient;
    private final Instance<AlphaVantagePoller> alphaVantagePoller;
    private final List<Cancellable> subscriptions = new ArrayList<>();

    @Inject
    public SourceWiring(MarketDataConfig config, MergedFeed feed, CapitalQuoteIngestor capital, SourceRejects rejects,
            PolygonSettings polygon, AlphaVantageSettings alphaVantage, Instance<SymbolMap> symbols,
            Instance<PolygonStreamingClient> polygonClient, Instance<AlphaVantagePoller> alphaVantagePoller) {
        this.config = config;
        this.feed = feed;
        this.capital = capital;
        this.rejects = rejects;
        this.polygon = polygon;
        this.alphaVantage = alphaVantage;
        this.symbols = symbols;
        this.polygonClient = polygonClient;
        this.alphaVantagePoller = alphaVantagePoller;
    }

    void start(@Observes StartupEvent event) {
        if (!config.streamingEnabled()) {
            LOG.info("market-data sources disabled (tickflow.market-data.streaming-enabled=false): no merged feed");
            return;
        }
        SourceAvailability availability = new SourceAvailability(polygon.enabled(),
                isUsable(polygon.apiKey(), "POLYGON_API_KEY", polygon.streamUrl(), polygon.restUrl()),
                alphaVantage.enabled(),
                isUsable(alphaVantage.apiKey(), "ALPHAVANTAGE_API_KEY", alphaVantage.baseUrl()),
                alphaVantage.pollInterval(),
                config.staleAfter().get(SourceRanking.ALPHA_VANTAGE), symbols::get);
        SourceRanking ranking = SourceRanking.of(config.instruments(), config.sources(), config.staleAfter(),
                availability::whyUnavailable);
        feed.start(ranking);

        Set<String> byCapital = ranking.instrumentsOf(SourceRanking.CAPITAL);
        if (!byCapital.isEmpty()) {
            capital.start(byCapital);
        }
        Set<String> byPolygon = ranking.instrumentsOf(SourceRanking.POLYGON);
        if (!byPolygon.isEmpty()) {
            PolygonStreamingClient client = polygonClient.get();
            connect(client);
            LOG.infof("streaming %s from Polygon at %s", byPolygon, polygon.streamUrl());
            client.subscribe(byPolygon);
            client.connected().subscribe().with(ok -> LOG.info("Polygon stream authenticated"),
                    failure -> LOG.errorf("Polygon stream: %s (retrying slowly)", failure.getMessage()));
        }
        Set<String> byAlphaVantage = ranking.instrumentsOf(SourceRanking.ALPHA_VANTAGE);
        if (!byAlphaVantage.isEmpty()) {
            AlphaVantagePoller poller = alphaVantagePoller.get();
            connect(poller);
            LOG.infof("polling %s from Alpha Vantage at %s every %s", byAlphaVantage, alphaVantage.baseUrl(),
                    alphaVantage.pollInterval());
            poller.start();
        }
    }

    /** Every valid tick into the merged feed, every rejected input to the dead-letter topic. */
    private void connect(MarketDataSource source) {
        rejects.register(source.name());
        feed.describeConnection(source.name(), () -> describe(source.health()));
        synchronized (subscriptions) {
            subscriptions.add(source.ticks().subscribe().with(feed::onTick,
                    failure -> LOG.errorf(failure, "%s tick stream ended", source.name())));
            subscriptions.add(source.rejections().subscribe().with(rejects::reject,
                    failure -> LOG.errorf(failure, "%s rejection stream ended", source.name())));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (subscriptions) {
            subscriptions.forEach(Cancellable::cancel);
            subscriptions.clear();
        }
    }

    private static boolean isSet(Optional<String> key) {
        return key.filter(k -> !k.isBlank()).isPresent();
    }

    /**
     * A key is usable when set, and not a simulator's test key ({@code sim-...}, the default without
     * POLYGON_API_KEY/ALPHAVANTAGE_API_KEY) aimed at a host that is not a simulator: a deployment that points at the
     * real vendor but lacks its key then fails start-up naming the key, instead of failing every login.
     */
    static boolean isUsable(Optional<String> key, String variable, URI... urls) {
        if (!isSet(key)) {
            return false;
        }
        if (!key.get().startsWith("sim-")) {
            return true;
        }
        for (URI url : urls) {
            if (!isSimulatorHost(url.getHost())) {
                LOG.errorf("%s is not set: the simulator's test key would be sent to %s", variable, url.getHost());
                return false;
            }
        }
        return true;
    }

    static boolean isSimulatorHost(String host) {
        if (host == null) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1")
                || h.equals("capital-sim") || h.startsWith("capital-sim.");
    }

    private static String describe(SourceHealth health) {
        return health.state() + " since " + health.since() + ", " + health.reconnects() + " reconnects"
                + (health.lastError() == null ? "" : ", last error: " + health.lastError());
    }
}
