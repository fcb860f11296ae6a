package io.tickflow.domain.instrument;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instruments Tickflow trades, with conservative defaults until the broker's dealing rules
 * ({@code GET /markets/{epic}}) replace them at run time.
 */
public final class Instruments {

    /** Bitcoin CFD, trades around the clock; size grid 0.0001 as measured on Capital.com. */
    public static final Instrument BTCUSD = new Instrument("BTCUSD", "USD", 2, new BigDecimal("0.0001"),
            new BigDecimal("100"), new BigDecimal("0.0001"), TradingHours.always());

    /**
     * Crude oil CFD: closes daily 22:00-23:00 UTC and over the weekend (Fri 22:00 to Sun 23:00). The broker's
     * openingHours override this at run time; this default only guards start-up.
     */
    public static final Instrument OIL_CRUDE = new Instrument("OIL_CRUDE", "USD", 2, BigDecimal.ONE,
            new BigDecimal("10000"), BigDecimal.ONE, TradingHours.parse(Map.of(
                    DayOfWeek.MONDAY, List.of("00:00 - 22:00", "23:00 - 00:00"),
                    DayOfWeek.TUESDAY, List.of("00:00 - 22:00", "23:00 - 00:00"),
                    DayOfWeek.WEDNESDAY, List.of("00:00 - 22:00", "23:00 - 00:00"),
                    DayOfWeek.THURSDAY, List.of("00:00 - 22:00", "23:00 - 00:00"),
                    DayOfWeek.FRIDAY, List.of("00:00 - 22:00"),
                    DayOfWeek.SUNDAY, List.of("23:00 - 00:00"))));

    private static final List<Instrument> ALL = List.of(BTCUSD, OIL_CRUDE);

    private Instruments() {
    }

    public static List<Instrument> all() {
        return ALL;
    }

    public static Optional<Instrument> find(String id) {
        return ALL.stream().filter(i -> i.id().equals(id)).findFirst();
    }
}
