package io.tickflow.marketdata.feed;

import io.tickflow.domain.instrument.Instruments;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Per instrument, its market-data sources best first ({@code tickflow.market-data.sources.<INSTRUMENT>}), and per
 * source the silence after which it is stale ({@code tickflow.market-data.stale-after.<source>}), validated as a
 * whole so that a misconfiguration fails start-up with the name of the setting to fix.
 */
public record SourceRanking(Map<String, List<String>> byInstrument, Map<String, Duration> staleAfter) {

    public static final String SOURCES_SETTING = "tickflow.market-data.sources";
    public static final String STALE_AFTER_SETTING = "tickflow.market-data.stale-after";
    public static final String CAPITAL = "capital";
    public static final String POLYGON = "polygon";
    public static final String ALPHA_VANTAGE = "alphavantage";
    /** The sources market-data has connectors for (the {@code source} of their ticks). */
    public static final Set<String> KNOWN_SOURCES = Set.of(CAPITAL, POLYGON, ALPHA_VANTAGE);

    public SourceRanking {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        byInstrument.forEach((instrument, sources) -> copy.put(instrument, List.copyOf(sources)));
        byInstrument = Collections.unmodifiableMap(copy);
        staleAfter = Map.copyOf(staleAfter);
    }

    /**
     * Validates the configured ranking for the streamed {@code instruments}.
     *
     * @param configured   {@code tickflow.market-data.sources.*}: instrument to sources, best first
     * @param staleAfter   {@code tickflow.market-data.stale-after.*}: source to threshold
     * @param availability for a ranked source and instrument, why that source cannot serve it (naming the setting to
     *                     fix), or null when it can
     * @throws IllegalArgumentException naming the setting, for the first problem found
     */
    public static SourceRanking of(List<String> instruments, Map<String, List<String>> configured,
            Map<String, Duration> staleAfter, BiFunction<String, String, String> availability) {
        Map<String, List<String>> ranking = new LinkedHashMap<>();
        for (String instrument : new LinkedHashSet<>(instruments)) {
            String setting = SOURCES_SETTING + "." + instrument;
            if (Instruments.find(instrument).isEmpty()) {
                throw new IllegalArgumentException("tickflow.market-data.instruments: " + instrument
                        + " is not an instrument Tickflow knows the trading hours of (known: "
                        + Instruments.all().stream().map(i -> i.id()).collect(Collectors.joining(", ")) + ")");
            }
            List<String> sources = configured.get(instrument);
            if (sources == null || sources.isEmpty()) {
                throw new IllegalArgumentException(setting + " is not set: rank the sources of " + instrument
                        + ", best first, e.g. " + setting + "=capital,polygon");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (String raw : sources) {
                String source = raw.trim();
                if (!KNOWN_SOURCES.contains(source)) {
                    throw new IllegalArgumentException(setting + ": unknown source '" + source + "' (known: "
                            + KNOWN_SOURCES.stream().sorted().collect(Collectors.joining(", ")) + ")");
                }
                if (!seen.add(source)) {
                    throw new IllegalArgumentException(setting + " names " + source + " twice");
                }
                Duration threshold = staleAfter.get(source);
                if (threshold == null || threshold.isNegative() || threshold.isZero()) {
                    throw new IllegalArgumentException(STALE_AFTER_SETTING + "." + source + " must be set to a positive "
                            + "duration: " + setting + " ranks " + source);
                }
                String problem = availability.apply(source, instrument);
                if (problem != null) {
                    throw new IllegalArgumentException(setting + " ranks " + source + ", but " + problem);
                }
            }
            ranking.put(instrument, List.copyOf(seen));
        }
        return new SourceRanking(ranking, staleAfter);
    }

    public List<String> sourcesOf(String instrument) {
        return byInstrument.getOrDefault(instrument, List.of());
    }

    /** The instruments that rank {@code source}. */
    public Set<String> instrumentsOf(String source) {
        return byInstrument.entrySet().stream().filter(e -> e.getValue().contains(source)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Every source some instrument ranks. */
    public Set<String> sources() {
        return byInstrument.values().stream().flatMap(List::stream)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
