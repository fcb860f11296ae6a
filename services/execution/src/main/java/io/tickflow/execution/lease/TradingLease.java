package io.tickflow.execution.lease;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.tickflow.capital.cdi.CapitalComSettings;
import io.tickflow.execution.order.PendingOrders;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * One execution instance trades per broker account: the one holding a PostgreSQL session-level advisory lock keyed
 * by the account. Until it holds the lock an instance consumes nothing (its order channels are paused) and is not
 * ready; when the lock's connection dies (database failover, network cut) it pauses at once, before another instance
 * can take over. This closes the window a Recreate rollout leaves open when a node is cut off and Kubernetes starts a
 * replacement while the old pod still runs.
 */
@ApplicationScoped
public class TradingLease {

    static final List<String> ORDER_CHANNELS = List.of("signals", "order-intents", "kill-switch");
    private static final Logger LOG = Logger.getLogger(TradingLease.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final Pool pool;
    private final PendingOrders pendingOrders;
    private final ChannelRegistry channels;
    private final long key;
    private final String account;
    private final AtomicBoolean held = new AtomicBoolean();
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile SqlConnection connection;

    @Inject
    public TradingLease(Pool pool, ChannelRegistry channels, CapitalComSettings capital, MeterRegistry registry,
            PendingOrders pendingOrders) {
        this.pool = pool;
        this.pendingOrders = pendingOrders;
        this.channels = channels;
        this.account = capital.identifier() + "@" + capital.baseUrl().getHost();
        this.key = lockKey(account);
        Gauge.builder("tickflow_execution_lease_held", held, h -> h.get() ? 1 : 0)
                .description("1 while this instance holds the account's trading lease").register(registry);
    }

    /** A stable 64-bit key for the account, so every instance of every version agrees on it. */
    static long lockKey(String account) {
        return UUID.nameUUIDFromBytes(("tickflow-execution|" + account).getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits();
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(CHECK_EVERY.toMillis(), id -> check());
        check();
    }

    void stop(@Observes ShutdownEvent event) {
        pauseOrderChannels();
        SqlConnection c = connection;
        if (c != null) {
            c.closeAndForget(); // closing the session releases the lock for the next instance
        }
    }

    public boolean held() {
        return held.get();
    }

    public long key() {
        return key;
    }

    /** Acquires the lock when free, verifies it is still ours when held; never overlaps itself. */
    void check() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        Uni<Void> round = held.get() ? verify() : acquire();
        round.subscribe().with(ok -> checking.set(false), e -> {
            checking.set(false);
            lose("lease check failed: " + e);
        });
    }

    private Uni<Void> acquire() {
        return pool.getConnection().chain(c -> c.preparedQuery("SELECT pg_try_advisory_lock($1)")
                .execute(Tuple.of(key))
                .map(rs -> rs.iterator().next().getBoolean(0))
                .call(got -> {
                    if (got) {
                        connection = c;
                        // what another instance left unsettled is ours now: load it before consuming anything
                        return pendingOrders.reload().invoke(() -> {
                            held.set(true);
                            LOG.infof("holding the trading lease of %s: consuming orders", account);
                            resumeOrderChannels();
                        });
                    }
                    c.closeAndForget();
                    LOG.debugf("trading lease of %s is held by another instance: standing by", account);
                    return Uni.createFrom().voidItem();
                })
                .onFailure().invoke(e -> c.closeAndForget())
                .replaceWithVoid());
    }

    /**
     * A session-level advisory lock lives exactly as long as its session, so a live session still holds it; a dead
     * one (terminated, failed over, cut off) fails this round trip within the timeout.
     */
    private Uni<Void> verify() {
        return connection.query("SELECT 1").execute()
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .replaceWithVoid();
    }

    private void lose(String why) {
        if (held.compareAndSet(true, false)) {
            LOG.errorf("lost the trading lease of %s (%s): order consumption paused", account, why);
        }
        pauseOrderChannels();
        SqlConnection c = connection;
        connection = null;
        if (c != null) {
            c.closeAndForget();
        }
    }

    private void resumeOrderChannels() {
        for (String name : ORDER_CHANNELS) {
            PausableChannel channel = channels.getPausable(name);
            if (channel != null && channel.isPaused()) {
                channel.resume();
            }
        }
    }

    private void pauseOrderChannels() {
        for (String name : ORDER_CHANNELS) {
            PausableChannel channel = channels.getPausable(name);
            if (channel != null && !channel.isPaused()) {
                channel.pause();
            }
        }
    }
}
