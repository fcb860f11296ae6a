package io.tickflow.marketdata.backfill;

import io.tickflow.capital.CapitalComClient;
import io.tickflow.capital.CapitalComException;
import io.tickflow.capital.PriceBar;
import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.events.InvalidEventException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Capital.com {@code GET /prices/{epic}}: bid and ask OHLC per bar, at most 1000 bars per request (a plan page is
 * never more). The newest bar of an answer that reaches the present is still forming and is never taken as final; an
 * empty range answers 404 {@code error.prices.not-found}, which is an empty page here. The mid OHLC is the mean of
 * the sides' OHLC (exact: halving a decimal terminates).
 */
final class CapitalHistory implements HistorySource {

    static final String NAME = "capital";
    private static final Logger LOG = Logger.getLogger(CapitalHistory.class);

    private final CapitalComClient client;
    private final Duration timeout;

    CapitalHistory(CapitalComClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean serves(String instrument, BarResolution resolution) {
        return resolution != BarResolution.SECOND_1; // Capital.com's finest history is MINUTE
    }

    static String capitalResolution(BarResolution resolution) {
        return switch (resolution) {
            case MINUTE_1 -> "MINUTE";
            case MINUTE_5 -> "MINUTE_5";
            case HOUR_1 -> "HOUR";
            case SECOND_1 -> throw new IllegalArgumentException("Capital.com has no second bars");
        };
    }

    @Override
    public List<Bar> bars(String instrument, BarResolution resolution, Instant from, Instant to, Instant now) {
        List<PriceBar> answer;
        try {
            // to is inclusive and in whole seconds at Capital.com: the last second of the window
            answer = client.prices(instrument, capitalResolution(resolution), from, to.minusSeconds(1),
                    BackfillPlan.PAGE_BARS).await().atMost(timeout);
        } catch (CapitalComException e) {
            if ("error.prices.not-found".equals(e.errorCode())) {
                return List.of();
            }
            throw e;
        }
        List<Bar> bars = new ArrayList<>(answer.size());
        for (PriceBar p : answer) {
            if (p.start() == null || p.start().isBefore(from) || !p.start().isBefore(to)) {
                continue;
            }
            Instant close = p.start().plus(resolution.length());
            if (close.isAfter(now)) {
                continue; // still forming
            }
            try {
                bars.add(toBar(instrument, resolution, p, close, now));
            } catch (InvalidEventException | NullPointerException e) {
                LOG.warnf("Capital.com %s bar of %s at %s dropped: %s", resolution, instrument, p.start(),
                        e.getMessage());
            }
        }
        return bars;
    }

    static Bar toBar(String instrument, BarResolution resolution, PriceBar p, Instant close, Instant now) {
        return new Bar(Bar.SCHEMA_VERSION, barId(NAME, instrument, resolution, p.start()), close, now, instrument, NAME,
                resolution, p.start(), mid(p.openBid(), p.openAsk()), mid(p.highBid(), p.highAsk()),
                mid(p.lowBid(), p.lowAsk()), mid(p.closeBid(), p.closeAsk()), p.closeBid(), p.closeAsk(),
                Math.max(0, p.volume()), p.openBid(), p.highBid(), p.lowBid(), p.openAsk(), p.highAsk(), p.lowAsk());
    }

    private static BigDecimal mid(BigDecimal bid, BigDecimal ask) {
        return bid.add(ask).divide(BigDecimal.TWO);
    }

    /** The same history bar always gets the same id. */
    static UUID barId(String source, String instrument, BarResolution resolution, Instant openTime) {
        return UUID.nameUUIDFromBytes(("history|" + source + '|' + instrument + '|' + resolution.name() + '|'
                + openTime).getBytes(StandardCharsets.UTF_8));
    }
}
