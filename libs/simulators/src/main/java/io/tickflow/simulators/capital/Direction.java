package io.tickflow.simulators.capital;

/** Deal direction; a position is closed by dealing the opposite one. */
enum Direction {
    BUY, SELL;

    Direction opposite() {
        return this == BUY ? SELL : BUY;
    }

    static Direction parse(String value) {
        if (value == null) {
            throw ApiError.badRequest("error.null.direction");
        }
        try {
            return valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("error.invalid.direction");
        }
    }
}
