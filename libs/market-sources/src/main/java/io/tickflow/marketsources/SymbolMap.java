package io.tickflow.marketsources;

import io.tickflow.events.Checks;
import io.tickflow.events.InvalidEventException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One name per instrument per source, from configuration: {@code tickflow.polygon.symbols.<INSTRUMENT>} and
 * {@code tickflow.alphavantage.symbols.<INSTRUMENT>} (a {@code Map<String,String>} each, instrument id to vendor symbol).
 *
 * <p>Polygon values:
 * <ul>
 *   <li>{@code X:BTC-USD} or {@code X:BTCUSD}: a crypto pair. The REST ticker is {@code X:BTCUSD}, the WebSocket pair
 *       {@code BTC-USD}. Without a hyphen the quote currency is found by suffix (USDT, USDC, USD, EUR, GBP, JPY, BTC, ETH);
 *       write the hyphen for anything else.</li>
 *   <li>{@code futures:<contract>}: a futures contract (accepted, not served yet: see {@link PolygonSymbol.Futures}).</li>
 *   <li>{@code none}: the instrument has no Polygon source.</li>
 * </ul>
 * Alpha Vantage values: {@code BTC/USD} (digital currency and market), {@code WTI} or {@code BRENT} (commodity series), or
 * {@code none}.
 *
 * <p>Every value is validated; a bad one fails naming the setting, e.g.
 * {@code tickflow.polygon.symbols.BTCUSD: 'BTCUSD' is not ...}. Two instruments may not share a vendor symbol, since
 * incoming events are mapped back by it.
 */
public final class SymbolMap {

    public static final String POLYGON_SETTING = "tickflow.polygon.symbols";
    public static final String ALPHA_VANTAGE_SETTING = "tickflow.alphavantage.symbols";

    private static final Pattern CRYPTO_PAIR = Pattern.compile("X:([A-Z0-9]{1,12})-([A-Z0-9]{1,12})");
    private static final Pattern CRYPTO_JOINED = Pattern.compile("X:([A-Z0-9]{2,24})");
    private static final Pattern FUTURES = Pattern.compile("futures:([A-Z0-9.]{1,24})", Pattern.CASE_INSENSITIVE);
    private static final Pattern AV_CRYPTO = Pattern.compile("([A-Z0-9]{1,10})/([A-Z]{3})");
    private static final Set<String> AV_COMMODITIES = Set.of("WTI", "BRENT");
    /** Longest first, so BTCUSDT splits as BTC-USDT and not BTCU-SDT... or BTCUSD-T. */
    private static final String[] QUOTE_CURRENCIES = {"USDT", "USDC", "USD", "EUR", "GBP", "JPY", "BTC", "ETH"};
    private static final String NONE = "none";

    private final Map<String, PolygonSymbol> polygon;
    private final Map<String, AlphaVantageSymbol> alphaVantage;
    private final Map<String, String> instrumentByPolygonPair = new LinkedHashMap<>();
    private final Map<String, String> instrumentByPolygonTicker = new LinkedHashMap<>();

    private SymbolMap(Map<String, PolygonSymbol> polygon, Map<String, AlphaVantageSymbol> alphaVantage) {
        this.polygon = Collections.unmodifiableMap(polygon);
        this.alphaVantage = Collections.unmodifiableMap(alphaVantage);
        polygon.forEach((instrument, symbol) -> {
            String ticker = switch (symbol) {
                case PolygonSymbol.Crypto crypto -> {
                    unique(instrumentByPolygonPair, crypto.pair(), instrument, POLYGON_SETTING);
                    yield crypto.ticker();
                }
                case PolygonSymbol.Futures futures -> futures.ticker();
            };
            unique(instrumentByPolygonTicker, ticker, instrument, POLYGON_SETTING);
        });
        Map<String, String> seen = new LinkedHashMap<>();
        alphaVantage.forEach((instrument, symbol) -> unique(seen, symbol.toString(), instrument, ALPHA_VANTAGE_SETTING));
    }

    /**
     * The map from configuration. {@code polygon} and {@code alphaVantage} are the entries under
     * {@link #POLYGON_SETTING} and {@link #ALPHA_VANTAGE_SETTING}: instrument id to value.
     */
    public static SymbolMap of(Map<String, String> polygon, Map<String, String> alphaVantage) {
        Map<String, PolygonSymbol> polygonSymbols = new LinkedHashMap<>();
        sorted(polygon).forEach((instrument, value) -> {
            PolygonSymbol symbol = parsePolygon(instrument, value);
            if (symbol != null) {
                polygonSymbols.put(instrument, symbol);
            }
        });
        Map<String, AlphaVantageSymbol> alphaVantageSymbols = new LinkedHashMap<>();
        sorted(alphaVantage).forEach((instrument, value) -> {
            AlphaVantageSymbol symbol = parseAlphaVantage(instrument, value);
            if (symbol != null) {
                alphaVantageSymbols.put(instrument, symbol);
            }
        });
        return new SymbolMap(polygonSymbols, alphaVantageSymbols);
    }

    /** BTCUSD is X:BTCUSD / BTC-USD at Polygon and BTC/USD at Alpha Vantage; OIL_CRUDE is WTI at Alpha Vantage only. */
    public static SymbolMap defaults() {
        return of(defaultPolygonEntries(), defaultAlphaVantageEntries());
    }

    public static Map<String, String> defaultPolygonEntries() {
        return Map.of("BTCUSD", "X:BTCUSD", "OIL_CRUDE", NONE);
    }

    public static Map<String, String> defaultAlphaVantageEntries() {
        return Map.of("BTCUSD", "BTC/USD", "OIL_CRUDE", "WTI");
    }

    public Optional<PolygonSymbol> polygon(String instrument) {
        return Optional.ofNullable(polygon.get(instrument));
    }

    /** The crypto pair of an instrument at Polygon, or empty when it has none (no mapping, or a futures mapping). */
    public Optional<PolygonSymbol.Crypto> polygonCrypto(String instrument) {
        return polygon(instrument).filter(PolygonSymbol.Crypto.class::isInstance).map(PolygonSymbol.Crypto.class::cast);
    }

    /** The instrument of a WebSocket {@code pair} ({@code BTC-USD}; {@code X:BTC-USD} is accepted too). */
    public Optional<String> instrumentOfPolygonPair(String pair) {
        String normalised = pair.startsWith("X:") ? pair.substring(2) : pair;
        return Optional.ofNullable(instrumentByPolygonPair.get(normalised));
    }

    /** The instrument of a REST ticker ({@code X:BTCUSD}). */
    public Optional<String> instrumentOfPolygonTicker(String ticker) {
        return Optional.ofNullable(instrumentByPolygonTicker.get(ticker));
    }

    public Optional<AlphaVantageSymbol> alphaVantage(String instrument) {
        return Optional.ofNullable(alphaVantage.get(instrument));
    }

    /** Every instrument with at least one source in this map. */
    public Set<String> instruments() {
        Set<String> all = new TreeSet<>(polygon.keySet());
        all.addAll(alphaVantage.keySet());
        return Collections.unmodifiableSet(all);
    }

    @Override
    public String toString() {
        return "SymbolMap[polygon=" + polygon + ", alphaVantage=" + alphaVantage + "]";
    }

    private static PolygonSymbol parsePolygon(String instrument, String raw) {
        String setting = POLYGON_SETTING + "." + instrument;
        checkInstrument(instrument, setting);
        String value = raw == null ? "" : raw.trim();
        if (value.equalsIgnoreCase(NONE)) {
            return null;
        }
        Matcher futures = FUTURES.matcher(value);
        if (futures.matches()) {
            return new PolygonSymbol.Futures(futures.group(1).toUpperCase(Locale.ROOT));
        }
        Matcher pair = CRYPTO_PAIR.matcher(value);
        if (pair.matches()) {
            return new PolygonSymbol.Crypto("X:" + pair.group(1) + pair.group(2), pair.group(1) + "-" + pair.group(2));
        }
        Matcher joined = CRYPTO_JOINED.matcher(value);
        if (joined.matches()) {
            String symbols = joined.group(1);
            for (String quote : QUOTE_CURRENCIES) {
                if (symbols.endsWith(quote) && symbols.length() > quote.length()) {
                    String base = symbols.substring(0, symbols.length() - quote.length());
                    return new PolygonSymbol.Crypto("X:" + symbols, base + "-" + quote);
                }
            }
            throw new IllegalArgumentException(setting + ": cannot tell the quote currency of '" + value
                    + "'; write it with a hyphen, e.g. X:BTC-USD");
        }
        throw new IllegalArgumentException(setting + ": '" + value + "' is not a Polygon symbol (expected X:BTC-USD, X:BTCUSD, "
                + "futures:<contract> or none)");
    }

    private static AlphaVantageSymbol parseAlphaVantage(String instrument, String raw) {
        String setting = ALPHA_VANTAGE_SETTING + "." + instrument;
        checkInstrument(instrument, setting);
        String value = raw == null ? "" : raw.trim();
        if (value.equalsIgnoreCase(NONE)) {
            return null;
        }
        if (AV_COMMODITIES.contains(value)) {
            return new AlphaVantageSymbol.Commodity(value);
        }
        Matcher crypto = AV_CRYPTO.matcher(value);
        if (crypto.matches()) {
            return new AlphaVantageSymbol.Crypto(crypto.group(1), crypto.group(2));
        }
        throw new IllegalArgumentException(setting + ": '" + value + "' is not an Alpha Vantage symbol (expected BTC/USD, "
                + "WTI, BRENT or none)");
    }

    private static void checkInstrument(String instrument, String setting) {
        try {
            Checks.instrument(instrument);
        } catch (InvalidEventException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage());
        }
    }

    private static void unique(Map<String, String> seen, String symbol, String instrument, String setting) {
        String other = seen.putIfAbsent(symbol, instrument);
        if (other != null) {
            throw new IllegalArgumentException(setting + ": " + other + " and " + instrument + " both map to " + symbol);
        }
    }

    /** Configuration maps come in any order; sorted, validation errors are reproducible. */
    private static Map<String, String> sorted(Map<String, String> entries) {
        return entries == null ? Map.of() : new TreeMap<>(entries);
    }
}
