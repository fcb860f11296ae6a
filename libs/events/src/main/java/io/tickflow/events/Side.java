package io.tickflow.events;

/** Order side, with explicit wire codes (exchange-core style) for compact storage. */
public enum Side {
    BUY(1),
    SELL(2);

    private final int code;

    Side(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public Side opposite() {
        return this == BUY ? SELL : BUY;
    }

    /** +1 for BUY, -1 for SELL: the sign a fill of this side adds to a net position. */
    public int sign() {
        return this == BUY ? 1 : -1;
    }

    public static Side ofCode(int code) {
        for (Side s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown side code " + code);
    }
}
