package io.tickflow.marketdata.capital;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.subscription.Cancellable;
import io.tickflow.capital.CapitalComStreamingClient;
import io.tickflow.capital.Quote;
import io.tickflow.events.EventCodec;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import io.tickflow.marketdata.feed.MergedFeed;
import io.tickflow.marketdata.feed.SourceRanking;
import io.tickflow.marketdata.sources.SourceRejects;
import io.tickflow.marketsources.RejectReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns Capital.com streaming quotes into {@link Tick}s (source {@code capital}) for the {@link MergedFeed}, which
 * publishes them while Capital.com is the instrument's active source. A quote that cannot be a valid tick (crossed,
 * non-positive, too many decimals) is counted and dead-lettered with the reason, and the stream goes on.
 */
@ApplicationScoped
public class CapitalQuoteIngestor {

    public static final String SOURCE = SourceRanking.CAPITAL;
    private static final Logger LOG = Logger.getLogger(CapitalQuoteIngestor.class);

    private final CapitalComStreamingClient streaming;
    private final MergedFeed feed;
    private final SourceRejects rejects;
    private Cancellable subscription;

    @Inject
    public CapitalQuoteIngestor(CapitalComStreamingClient streaming, MergedFeed feed, SourceRejects rejects) {
        this.streaming = streaming;
        this.feed = feed;
        this.rejects = rejects;
    }

    /** Streams {@code epics} from Capital.com into the merged feed (called once the feed has started). */
    public synchronized void start(Set<String> epics) {
        LOG.infof("streaming %s from Capital.com", epics);
        rejects.register(SOURCE);
        feed.describeConnection(SOURCE, () -> streaming.connectedSockets() + " socket(s) open, "
                + streaming.quotesReceived() + " quotes, " + streaming.malformedFrames() + " malformed frames");
        subscription = streaming.quotes(new LinkedHashSet<>(epics))
                .subscribe().with(this::ingest, failure -> LOG.error("Capital.com quote stream ended", failure));
    }

    void stop(@Observes ShutdownEvent event) {
        Cancellable current;
        synchronized (this) {
            current = subscription;
        }
        if (current != null) {
            current.cancel();
        }
    }

    void ingest(Quote quote) {
        Tick tick;
        try {
            tick = new Tick(Tick.SCHEMA_VERSION, UUID.randomUUID(), quote.timestamp(), Instant.now(), quote.epic(),
                    SOURCE, quote.bid(), quote.ofr(), null, null);
        } catch (InvalidEventException e) {
            rejects.reject(SOURCE, reasonOf(e), e.getMessage(), describe(quote), quote.epic());
            return;
        }
        feed.onTick(tick);
    }

    /** Which of the shared reject reasons a refused quote falls under, from the check that refused it. */
    static RejectReason reasonOf(InvalidEventException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("is below bid")) {
            return RejectReason.CROSSED_QUOTE;
        }
        if (message.contains("instrument")) {
            return RejectReason.UNKNOWN_SYMBOL;
        }
        if (message.contains("is required")) {
            return RejectReason.MISSING_FIELD;
        }
        return RejectReason.INVALID_PRICE;
    }

    /** The quote as JSON for the dead-letter record (the raw frame stays inside the streaming client). */
    private static String describe(Quote quote) {
        ObjectNode json = EventCodec.mapper().createObjectNode();
        json.put("epic", quote.epic());
        json.put("bid", quote.bid());
        json.put("ofr", quote.ofr());
        if (quote.timestamp() != null) {
            json.put("timestamp", quote.timestamp().toEpochMilli());
        }
        return json.toString();
    }
}
