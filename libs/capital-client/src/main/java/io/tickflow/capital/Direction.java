package io.tickflow.capital;

/** Deal direction. */
public enum Direction {
    BUY, SELL;

    public Direction opposite() {
        return this == BUY ? SELL : BUY;
    }
}
