package io.tickflow.simulators.capital;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Capital.com's timestamp formats: zone-less ISO local date-times, once in UTC ({@code ...UTC} fields) and once in the account's
 * time zone (the fields without the suffix).
 */
final class CapitalTime {

    private static final DateTimeFormatter WITH_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final DateTimeFormatter WITH_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final ZoneOffset accountOffset;

    CapitalTime(int accountTimezoneOffsetHours) {
        this.accountOffset = ZoneOffset.ofHours(accountTimezoneOffsetHours);
    }

    int offsetHours() {
        return accountOffset.getTotalSeconds() / 3600;
    }

    static String utcMillis(Instant instant) {
        return WITH_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
    }

    String localMillis(Instant instant) {
        return WITH_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS).atOffset(accountOffset));
    }

    static String utcSeconds(Instant instant) {
        return WITH_SECONDS.format(instant.atOffset(ZoneOffset.UTC));
    }

    String localSeconds(Instant instant) {
        return WITH_SECONDS.format(instant.atOffset(accountOffset));
    }

    /**
     * Parses a query date ({@code YYYY-MM-DDTHH:MM:SS}, taken as UTC); anything else is a 400 with the given error code, as
     * Capital.com answers {@code ?from=2022-01-17} with {@code error.invalid.from}.
     */
    static Instant parseQueryDate(String value, String errorCode) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(errorCode);
        }
    }
}
