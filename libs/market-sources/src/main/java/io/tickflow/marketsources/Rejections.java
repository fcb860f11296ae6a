package io.tickflow.marketsources;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts dropped input per {@link RejectReason} and publishes each drop, so a service can turn them into metrics and
 * dead-letter records. The first drop of each reason is logged at WARNING, later ones at DEBUG (a flood of bad frames must
 * not flood the log). Thread-safe.
 */
public final class Rejections {

    private static final System.Logger LOG = System.getLogger(Rejections.class.getName());

    private final String source;
    private final Clock clock;
    private final Map<RejectReason, AtomicLong> counts = new EnumMap<>(RejectReason.class);
    private final BroadcastProcessor<RejectedInput> processor = BroadcastProcessor.create();

    public Rejections(String source, Clock clock) {
        this.source = source;
        this.clock = clock;
        for (RejectReason reason : RejectReason.values()) {
            counts.put(reason, new AtomicLong());
        }
    }

    public void reject(RejectReason reason, String detail, String input) {
        long count = counts.get(reason).incrementAndGet();
        RejectedInput rejected = new RejectedInput(source, reason, detail, input, clock.instant());
        LOG.log(count == 1 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                "{0}: dropped input ({1}, #{2}): {3}", source, reason, count, detail);
        synchronized (processor) {
            processor.onNext(rejected);
        }
    }

    public void reject(InvalidInputException e, String input) {
        reject(e.reason(), e.getMessage(), input);
    }

    /** Every drop from now on; slow subscribers lose drops rather than hold up the connector. */
    public Multi<RejectedInput> stream() {
        return processor.onOverflow().drop();
    }

    /** Drops so far, per reason (every reason present, zero when none). */
    public Map<RejectReason, Long> counts() {
        Map<RejectReason, Long> snapshot = new EnumMap<>(RejectReason.class);
        counts.forEach((reason, count) -> snapshot.put(reason, count.get()));
        return Collections.unmodifiableMap(snapshot);
    }

    public long count(RejectReason reason) {
        return counts.get(reason).get();
    }

    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Ends the stream of drops (the connector is closing). */
    public void close() {
        synchronized (processor) {
            processor.onComplete();
        }
    }
}
