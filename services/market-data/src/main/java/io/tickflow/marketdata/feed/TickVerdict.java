package io.tickflow.marketdata.feed;

import io.tickflow.events.SourceEvent;
import java.util.List;

/**
 * What the merged feed does with one tick: publish it or not, and which source events the tick's arrival caused (a
 * recovery, a switch back, the end of a gap).
 *
 * @param publish   the tick is from the active source and newer than every tick published before it
 * @param duplicate the tick is from the active source but not newer than the last published one (the same market
 *                  moment seen through another source at a switch, or a source replaying): dropped
 * @param events    source events to publish, in order
 */
public record TickVerdict(boolean publish, boolean duplicate, List<SourceEvent> events) {

    public TickVerdict {
        events = List.copyOf(events);
    }
}
