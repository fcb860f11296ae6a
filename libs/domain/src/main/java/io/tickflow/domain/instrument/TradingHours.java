package io.tickflow.domain.instrument;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Weekly opening hours in Capital.com's {@code openingHours} shape: per day a list of "HH:MM - HH:MM" sessions in the
 * schedule's zone (UTC unless the broker says otherwise), where an end of 00:00 means midnight at the end of the day.
 */
public final class TradingHours {

    /** One session on one day: [open, close), close == null meaning until midnight. */
    public record Session(LocalTime open, LocalTime close) {
        boolean contains(LocalTime t) {
            return !t.isBefore(open) && (close == null || t.isBefore(close));
        }
    }

    private static final TradingHours ALWAYS = new TradingHours(allDays(List.of(new Session(LocalTime.MIDNIGHT, null))),
            ZoneOffset.UTC);

    private final Map<DayOfWeek, List<Session>> sessions;
    private final ZoneId zone;

    private TradingHours(Map<DayOfWeek, List<Session>> sessions, ZoneId zone) {
        this.sessions = sessions;
        this.zone = zone;
    }

    public static TradingHours always() {
        return ALWAYS;
    }

    /** Parses Capital.com's form, e.g. {@code MON -> ["00:00 - 22:00", "23:00 - 00:00"]}. Missing days are closed. */
    public static TradingHours parse(Map<DayOfWeek, List<String>> byDay) {
        return parse(byDay, ZoneOffset.UTC);
    }

    /** As {@link #parse(Map)}, for a schedule given in {@code zone} (Capital.com sends the zone with the hours). */
    public static TradingHours parse(Map<DayOfWeek, List<String>> byDay, ZoneId zone) {
        Map<DayOfWeek, List<Session>> parsed = new EnumMap<>(DayOfWeek.class);
        byDay.forEach((day, ranges) -> parsed.put(day, ranges.stream().map(TradingHours::parseSession).toList()));
        return new TradingHours(parsed, zone);
    }

    /** Hours built from already parsed sessions, e.g. the broker's {@code openingHours}. */
    public static TradingHours of(Map<DayOfWeek, List<Session>> sessions, ZoneId zone) {
        Map<DayOfWeek, List<Session>> copy = new EnumMap<>(DayOfWeek.class);
        sessions.forEach((day, list) -> copy.put(day, List.copyOf(list)));
        return new TradingHours(copy, zone);
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
        ZonedDateTime local = at.atZone(zone);
        return sessions.getOrDefault(local.getDayOfWeek(), List.of()).stream()
                .anyMatch(s -> s.contains(local.toLocalTime()));
    }

    public Map<DayOfWeek, List<Session>> sessions() {
        return sessions;
    }

    public ZoneId zone() {
        return zone;
    }

    private static Map<DayOfWeek, List<Session>> allDays(List<Session> s) {
        Map<DayOfWeek, List<Session>> m = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            m.put(d, s);
        }
        return m;
    }
}
