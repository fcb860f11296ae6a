package io.tickflow.domain.instrument;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Weekly opening hours in UTC, in Capital.com's {@code openingHours} shape: per day a list of "HH:MM - HH:MM"
 * sessions, where an end of 00:00 means midnight at the end of the day.
 */
public final class TradingHours {

    /** One session on one day: [open, close), close == null meaning until midnight. */
    public record Session(LocalTime open, LocalTime close) {
        boolean contains(LocalTime t) {
            return !t.isBefore(open) && (close == null || t.isBefore(close));
        }
    }

    private static final TradingHours ALWAYS = new TradingHours(allDays(List.of(new Session(LocalTime.MIDNIGHT, null))));

    private final Map<DayOfWeek, List<Session>> sessions;

    private TradingHours(Map<DayOfWeek, List<Session>> sessions) {
        this.sessions = sessions;
    }

    public static TradingHours always() {
        return ALWAYS;
    }

    /** Parses Capital.com's form, e.g. {@code MON -> ["00:00 - 22:00", "23:00 - 00:00"]}. Missing days are closed. */
    public static TradingHours parse(Map<DayOfWeek, List<String>> byDay) {
        Map<DayOfWeek, List<Session>> parsed = new EnumMap<>(DayOfWeek.class);
        byDay.forEach((day, ranges) -> parsed.put(day, ranges.stream().map(TradingHours::parseSession).toList()));
        return new TradingHours(parsed);
    }

    private static Session parseSession(String range) {
        String[] parts = range.split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("opening hours '" + range + "' is not 'HH:MM - HH:MM'");
        }
        LocalTime open = LocalTime.parse(parts[0].trim());
        LocalTime close = LocalTime.parse(parts[1].trim());
        return new Session(open, close.equals(LocalTime.MIDNIGHT) ? null : close);
    }

    public boolean isOpen(Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        return sessions.getOrDefault(utc.getDayOfWeek(), List.of()).stream()
                .anyMatch(s -> s.contains(utc.toLocalTime()));
    }

    public Map<DayOfWeek, List<Session>> sessions() {
        return sessions;
    }

    private static Map<DayOfWeek, List<Session>> allDays(List<Session> s) {
        Map<DayOfWeek, List<Session>> m = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            m.put(d, s);
        }
        return m;
    }
}
