package io.tickflow.simulators.capital;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A weekly opening schedule in UTC, in the shape Capital.com publishes as {@code instrument.openingHours}:
 * per weekday a list of {@code "HH:MM - HH:MM"} intervals, where an end of {@code 00:00} means midnight at the end of the day.
 */
public final class TradingHours {

    /** One opening interval within a day, {@code [open, close)}; {@code close == 00:00} stands for 24:00. */
    public record Interval(LocalTime open, LocalTime close) {
        public Interval {
            Objects.requireNonNull(open, "open");
            Objects.requireNonNull(close, "close");
        }

        boolean contains(LocalTime time) {
            boolean closesAtMidnight = close.equals(LocalTime.MIDNIGHT);
            return !time.isBefore(open) && (closesAtMidnight || time.isBefore(close));
        }

        String format() {
            return open + " - " + close;
        }
    }

    private final Map<DayOfWeek, List<Interval>> intervalsByDay;

    private TradingHours(Map<DayOfWeek, List<Interval>> intervalsByDay) {
        EnumMap<DayOfWeek, List<Interval>> copy = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            copy.put(day, List.copyOf(intervalsByDay.getOrDefault(day, List.of())));
        }
        this.intervalsByDay = copy;
    }

    /** Open every minute of every day (crypto). */
    public static TradingHours alwaysOpen() {
        Map<DayOfWeek, List<Interval>> days = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            days.put(day, List.of(new Interval(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
        }
        return new TradingHours(days);
    }

    /**
     * The usual CFD futures week: opens Sunday at {@code dailyReopen}, trades until {@code dailyClose} each day with a break until
     * {@code dailyReopen}, and closes for the weekend at Friday's {@code dailyClose}.
     */
    public static TradingHours weekdaysWithDailyBreak(LocalTime dailyClose, LocalTime dailyReopen) {
        Interval untilBreak = new Interval(LocalTime.MIDNIGHT, dailyClose);
        Interval afterBreak = new Interval(dailyReopen, LocalTime.MIDNIGHT);
        Map<DayOfWeek, List<Interval>> days = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY)) {
            days.put(day, List.of(untilBreak, afterBreak));
        }
        days.put(DayOfWeek.FRIDAY, List.of(untilBreak));
        days.put(DayOfWeek.SATURDAY, List.of());
        days.put(DayOfWeek.SUNDAY, List.of(afterBreak));
        return new TradingHours(days);
    }

    /** Monday to Friday from {@code open} to {@code close} each day, closed at weekends. */
    public static TradingHours weekdays(LocalTime open, LocalTime close) {
        Map<DayOfWeek, List<Interval>> days = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            days.put(day, List.of(new Interval(open, close)));
        }
        return new TradingHours(days);
    }

    public static TradingHours of(Map<DayOfWeek, List<Interval>> intervalsByDay) {
        return new TradingHours(intervalsByDay);
    }

    public boolean isOpen(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        LocalTime time = utc.toLocalTime();
        for (Interval interval : intervalsByDay.get(utc.getDayOfWeek())) {
            if (interval.contains(time)) {
                return true;
            }
        }
        return false;
    }

    public List<Interval> intervals(DayOfWeek day) {
        return intervalsByDay.get(day);
    }

    /** The {@code openingHours} object of {@code GET /markets/{epic}}: {@code mon..sun} lists plus {@code zone: "UTC"}. */
    Map<String, Object> toOpeningHoursJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)) {
            List<String> formatted = new ArrayList<>();
            for (Interval interval : intervalsByDay.get(day)) {
                formatted.add(interval.format());
            }
            json.put(day.name().substring(0, 3).toLowerCase(java.util.Locale.ROOT), formatted);
        }
        json.put("zone", "UTC");
        return json;
    }
}
