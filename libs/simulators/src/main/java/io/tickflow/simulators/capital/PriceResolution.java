package io.tickflow.simulators.capital;

import java.time.Instant;

/** The bar resolutions of {@code GET /prices} and {@code OHLCMarketData.subscribe}, as bucket lengths in minutes. */
enum PriceResolution {
    MINUTE(1), MINUTE_5(5), MINUTE_15(15), MINUTE_30(30), HOUR(60), HOUR_4(240), DAY(1440), WEEK(10080);

    /** Weeks start on Monday; the epoch was a Thursday, 1970-01-05 the first Monday. */
    private static final long FIRST_MONDAY_EPOCH_MINUTE = 4 * 1440;

    final long minutes;

    PriceResolution(long minutes) {
        this.minutes = minutes;
    }

    static PriceResolution parse(String value) {
        if (value == null) {
            return MINUTE;
        }
        for (PriceResolution resolution : values()) {
            if (resolution.name().equals(value)) {
                return resolution;
            }
        }
        throw ApiError.badRequest("error.invalid.resolution");
    }

    long bucketStartMinute(long epochMinute) {
        long alignment = this == WEEK ? FIRST_MONDAY_EPOCH_MINUTE : 0;
        return epochMinute - Math.floorMod(epochMinute - alignment, minutes);
    }

    Instant bucketStart(Instant instant) {
        return Instant.ofEpochSecond(bucketStartMinute(Math.floorDiv(instant.getEpochSecond(), 60)) * 60);
    }
}
