package io.tickflow.execution.instrument;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tickflow.capital.CapitalComClient;
import io.tickflow.capital.MarketDetails;
import io.tickflow.domain.instrument.Instrument;
import io.tickflow.domain.instrument.Instruments;
import io.tickflow.domain.instrument.TradingHours;
import io.tickflow.execution.ExecutionConfig;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The broker's dealing rules per instrument, from {@code GET /markets/{epic}}: size grid ({@code minSizeIncrement}),
 * {@code minDealSize}/{@code maxDealSize}, price decimals ({@code decimalPlacesFactor}), {@code openingHours} and the
 * live {@code marketStatus}. Refreshed periodically because Capital.com widens the minimums in volatile markets and
 * changes hours around holidays; until the first answer the conservative defaults of {@link Instruments} apply.
 */
@ApplicationScoped
public class DealingRules {

    /** One instrument's rules as last read from the broker. */
    public record Rules(Instrument instrument, String marketStatus, Instant fetchedAt) {

        /** Anything but TRADEABLE is closed for new deals (EDITS_ONLY, OFFLINE, SUSPENDED, CLOSED, auctions). */
        public boolean tradeable() {
            return marketStatus == null || "TRADEABLE".equals(marketStatus);
        }
    }

    private static final Logger LOG = Logger.getLogger(DealingRules.class);

    private final CapitalComClient client;
    private final ExecutionConfig config;
    private final Map<String, Rules> rules = new ConcurrentHashMap<>();

    @Inject
    public DealingRules(CapitalComClient client, ExecutionConfig config, MeterRegistry registry) {
        this.client = client;
        this.config = config;
        for (Instrument i : Instruments.all()) {
            rules.put(i.id(), new Rules(i, null, Instant.EPOCH));
            Gauge.builder("tickflow_dealing_rules_age_seconds", rules,
                            m -> Instant.EPOCH.equals(m.get(i.id()).fetchedAt()) ? Double.NaN
                                    : (Instant.now().toEpochMilli() - m.get(i.id()).fetchedAt().toEpochMilli()) / 1000.0)
                    .tag("instrument", i.id())
                    .description("Age of the broker's dealing rules in use (NaN until first fetched)")
                    .register(registry);
        }
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(config.dealingRulesRefresh().toMillis(), id -> refresh().subscribe().with(n -> { },
                e -> LOG.warnf("dealing rules refresh failed, keeping the last ones: %s", e.toString())));
        refresh().subscribe().with(n -> { }, e -> LOG.warnf("dealing rules not loaded yet: %s", e.toString()));
    }

    /** Reads every instrument's rules from the broker; an instrument that fails keeps its previous rules. */
    public Uni<Integer> refresh() {
        return Multi.createFrom().iterable(Instruments.all()).onItem()
                .transformToUniAndConcatenate(i -> client.market(i.id())
                        .map(details -> {
                            Rules next = new Rules(toInstrument(i, details), details.snapshot() == null ? null
                                    : details.snapshot().marketStatus(), Instant.now());
                            Rules previous = rules.put(i.id(), next);
                            if (previous == null || !previous.instrument().equals(next.instrument())) {
                                LOG.infof("dealing rules for %s: size %s..%s step %s, %d price decimals, %s",
                                        i.id(), next.instrument().minSize(), next.instrument().maxSize(),
                                        next.instrument().sizeIncrement(), next.instrument().priceScale(),
                                        next.marketStatus());
                            }
                            return 1;
                        })
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("dealing rules for %s not refreshed: %s", i.id(), e.toString());
                            return 0;
                        }))
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    public Optional<Rules> find(String instrumentId) {
        return Optional.ofNullable(rules.get(instrumentId));
    }

    /**
     * The domain instrument under the broker's rules; a rule the broker did not send keeps the default. Visible for
     * tests.
     */
    static Instrument toInstrument(Instrument defaults, MarketDetails details) {
        MarketDetails.DealingRules r = details.dealingRules();
        BigDecimal min = value(r == null ? null : r.minDealSize(), defaults.minSize());
        BigDecimal max = value(r == null ? null : r.maxDealSize(), defaults.maxSize());
        BigDecimal step = value(r == null ? null : r.minSizeIncrement(), defaults.sizeIncrement());
        int decimals = details.snapshot() == null || details.snapshot().decimalPlacesFactor() <= 0
                ? defaults.priceScale() : details.snapshot().decimalPlacesFactor();
        TradingHours hours = details.instrument() == null || details.instrument().openingHours() == null
                ? defaults.tradingHours() : hours(details.instrument().openingHours());
        String currency = details.instrument() == null || details.instrument().currency() == null
                ? defaults.currency() : details.instrument().currency();
        return new Instrument(defaults.id(), currency, Math.min(decimals, 10), min, max, step, hours);
    }

    private static BigDecimal value(MarketDetails.DealingRule rule, BigDecimal fallback) {
        // sizes are in units of the instrument; a PERCENTAGE rule would not be a size
        return rule == null || rule.value() == null || rule.value().signum() <= 0
                || (rule.unit() != null && !"POINTS".equals(rule.unit()) && !"AMOUNT".equals(rule.unit()))
                ? fallback : rule.value().stripTrailingZeros();
    }

    private static TradingHours hours(MarketDetails.OpeningHours opening) {
        Map<DayOfWeek, List<TradingHours.Session>> sessions = new EnumMap<>(DayOfWeek.class);
        opening.days().forEach((day, ranges) -> sessions.put(day, ranges.stream()
                .map(r -> new TradingHours.Session(r.open(), r.close().equals(LocalTime.MIDNIGHT) ? null : r.close()))
                .toList()));
        ZoneId zone = opening.zone() == null || "UTC".equals(opening.zone()) ? ZoneOffset.UTC : ZoneId.of(opening.zone());
        return TradingHours.of(sessions, zone);
    }
}
