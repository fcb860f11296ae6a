package io.tickflow.simulators.capital;

import java.time.Instant;

/**
 * A bid/ask OHLC bar in price ticks of its instrument. Minute bars are built from the quotes as they are generated (the last one
 * is still forming); coarser resolutions are aggregated from minute bars on demand.
 */
final class PriceBar {

    final long startEpochMinute;
    final long openBid;
    final long openAsk;
    long highBid;
    long highAsk;
    long lowBid;
    long lowAsk;
    long closeBid;
    long closeAsk;
    long volume;

    PriceBar(long startEpochMinute, long bid, long ask, long volume) {
        this.startEpochMinute = startEpochMinute;
        this.openBid = bid;
        this.openAsk = ask;
        this.highBid = bid;
        this.highAsk = ask;
        this.lowBid = bid;
        this.lowAsk = ask;
        this.closeBid = bid;
        this.closeAsk = ask;
        this.volume = volume;
    }

    PriceBar(long startEpochMinute, PriceBar first) {
        this(startEpochMinute, first.openBid, first.openAsk, 0);
        merge(first);
    }

    void update(long bid, long ask, long addedVolume) {
        highBid = Math.max(highBid, bid);
        highAsk = Math.max(highAsk, ask);
        lowBid = Math.min(lowBid, bid);
        lowAsk = Math.min(lowAsk, ask);
        closeBid = bid;
        closeAsk = ask;
        volume += addedVolume;
    }

    /** Folds a later bar into this one (aggregation to a coarser resolution). */
    void merge(PriceBar later) {
        highBid = Math.max(highBid, later.highBid);
        highAsk = Math.max(highAsk, later.highAsk);
        lowBid = Math.min(lowBid, later.lowBid);
        lowAsk = Math.min(lowAsk, later.lowAsk);
        closeBid = later.closeBid;
        closeAsk = later.closeAsk;
        volume += later.volume;
    }

    PriceBar copy() {
        PriceBar copy = new PriceBar(startEpochMinute, openBid, openAsk, 0);
        copy.merge(this);
        return copy;
    }

    Instant start() {
        return Instant.ofEpochSecond(startEpochMinute * 60);
    }
}
