package io.tickflow.marketsources.alphavantage;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.marketsources.AlphaVantageSymbol;
import io.tickflow.marketsources.DailyBar;
import io.tickflow.marketsources.InputChecks;
import io.tickflow.marketsources.InvalidInputException;
import io.tickflow.marketsources.RejectReason;
import io.tickflow.marketsources.RejectedInput;
import io.tickflow.marketsources.Rejections;
import io.tickflow.marketsources.Secrets;
import io.tickflow.marketsources.SymbolMap;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alpha Vantage REST ({@code GET /query?function=...&apikey=...}) for {@code CRYPTO_INTRADAY}, {@code DIGITAL_CURRENCY_DAILY}
 * and commodity series ({@code WTI}, {@code BRENT}), with what the API's habits demand:
 * <ul>
 *   <li><b>Throttling is detected by the missing data key</b>, never by the key the notice comes under: Alpha Vantage
 *       answers HTTP 200 with {@code Note} (until about 2023), {@code Information} (now) or possibly something else next
 *       time. An {@code Error Message} is an invalid key or an invalid call, and an {@code Information} about a premium
 *       endpoint is a premium wall; both are kept apart from throttling (see {@link AlphaVantageErrorKind}).</li>
 *   <li><b>A budget</b>: at most {@code requestsPerDay} requests in any 24 hours and {@code minSpacing} between two, so a
 *       poller cannot exceed the free tier; a request beyond the day fails at once with
 *       {@link AlphaVantageErrorKind#BUDGET_EXHAUSTED} without being sent. Nothing is retried automatically: every retry
 *       would spend the budget.</li>
 *   <li><b>Time zones</b>: intraday timestamps are local to the zone the metadata names ({@code "... Time Zone"}); they are
 *       converted to UTC instants. An answer without a zone is refused as malformed rather than guessed.</li>
 *   <li><b>{@code "."}</b> (the EIA/FRED token for "no value") skips the row; it never becomes zero.</li>
 *   <li>Rows with bad values are dropped and counted; the key is stripped from everything logged, including Alpha
 *       Vantage's own daily-limit message, which names it.</li>
 * </ul>
 * Results are emitted on Vert.x event-loop threads.
 */
public final class AlphaVantageClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AlphaVantageClient.class.getName());
    static final String SOURCE = "alphavantage";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final String MISSING = ".";

    /** {@code outputsize}: the latest 100 rows, or the full series. */
    public enum OutputSize {
        COMPACT, FULL
    }

    private final Vertx vertx;
    private final SymbolMap symbols;
    private final AlphaVantageConfig config;
    private final WebClient http;
    private final RequestBudget budget;
    private final Rejections rejections;
    private final AtomicLong requestsSent = new AtomicLong();
    private final AtomicLong missingValuesSkipped = new AtomicLong();

    public AlphaVantageClient(Vertx vertx, SymbolMap symbols, AlphaVantageConfig config) {
        this.vertx = vertx;
        this.symbols = symbols;
        this.config = config;
        this.http = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setFollowRedirects(true)
                .setUserAgent("tickflow-market-sources"));
        this.budget = new RequestBudget(config.requestsPerDay(), config.minSpacing(), config.clock());
        this.rejections = new Rejections(SOURCE, config.clock());
    }

    public AlphaVantageConfig config() {
        return config;
    }

    /**
     * {@code CRYPTO_INTRADAY&symbol=BTC&market=USD&interval=1min|5min|60min}: completed bars, oldest first, as one-minute,
     * five-minute or one-hour {@link Bar}s of trade prices (a bar still forming is left out). Alpha Vantage labels an
     * intraday row by its start (UNCONFIRMED; taken as the bar's open time).
     */
    public Uni<List<Bar>> cryptoIntraday(String instrument, BarResolution resolution, OutputSize size) {
        AlphaVantageSymbol.Crypto symbol = crypto(instrument);
        String interval = switch (resolution) {
            case MINUTE_1 -> "1min";
            case MINUTE_5 -> "5min";
            case HOUR_1 -> "60min";
            case SECOND_1 -> throw new IllegalArgumentException("Alpha Vantage has no one-second bars");
        };
        Map<String, String> query = new LinkedHashMap<>();
        query.put("function", "CRYPTO_INTRADAY");
        query.put("symbol", symbol.symbol());
        query.put("market", symbol.market());
        query.put("interval", interval);
        query.put("outputsize", size.name().toLowerCase(Locale.ROOT));
        String dataKey = "Time Series Crypto (" + interval + ")";
        return call(query, dataKey).map(body -> intradayBars(body, dataKey, instrument, resolution));
    }

    /** {@code DIGITAL_CURRENCY_DAILY&symbol=BTC&market=USD}: daily OHLCV in the market currency, oldest first. */
    public Uni<List<DailyBar>> digitalCurrencyDaily(String instrument) {
        AlphaVantageSymbol.Crypto symbol = crypto(instrument);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("function", "DIGITAL_CURRENCY_DAILY");
        query.put("symbol", symbol.symbol());
        query.put("market", symbol.market());
        String dataKey = "Time Series (Digital Currency Daily)";
        return call(query, dataKey).map(body -> digitalDaily(body, dataKey, instrument, symbol.market()));
    }

    /** {@code WTI&interval=daily} (or BRENT): daily closes, oldest first; {@code "."} days are skipped. */
    public Uni<List<DailyBar>> commodityDaily(String instrument) {
        AlphaVantageSymbol symbol = symbols.alphaVantage(instrument).orElseThrow(() -> missingMapping(instrument));
        if (!(symbol instanceof AlphaVantageSymbol.Commodity commodity)) {
            throw new IllegalArgumentException(SymbolMap.ALPHA_VANTAGE_SETTING + "." + instrument + " maps to " + symbol
                    + ", not a commodity series");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("function", commodity.function());
        query.put("interval", "daily");
        return call(query, "data").map(body -> commodityValues(body, instrument));
    }

    /** Requests still allowed in the current 24-hour window. */
    public int budgetRemaining() {
        return budget.remaining();
    }

    /** HTTP requests sent so far (each one spent budget). */
    public long requestsSent() {
        return requestsSent.get();
    }

    /** Rows skipped because Alpha Vantage marked a value missing ({@code "."}); not errors, not counted as rejections. */
    public long missingValuesSkipped() {
        return missingValuesSkipped.get();
    }

    public Map<RejectReason, Long> rejectionCounts() {
        return rejections.counts();
    }

    public Multi<RejectedInput> rejections() {
        return rejections.stream();
    }

    @Override
    public void close() {
        rejections.close();
        http.close();
    }

    // ---------------------------------------------------------------- parsing

    private List<Bar> intradayBars(JsonNode body, String dataKey, String instrument, BarResolution resolution) {
        ZoneId zone = timeZone(body.path("Meta Data"));
        Instant now = config.clock().instant();
        List<Bar> bars = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> rows = body.get(dataKey).fields(); rows.hasNext(); ) {
            Map.Entry<String, JsonNode> row = rows.next();
            try {
                Instant open = instant(row.getKey(), zone);
                InputChecks.checkTime(open, now, config.maxFutureSkew(), null, "timestamp");
                if (open.plus(resolution.length()).isAfter(now)) {
                    continue; // still forming
                }
                JsonNode values = row.getValue();
                String o = value(values, "1. open");
                String h = value(values, "2. high");
                String l = value(values, "3. low");
                String c = value(values, "4. close");
                if (isMissing(o, h, l, c)) {
                    continue;
                }
                bars.add(InputChecks.bar(SOURCE, instrument, resolution, open, InputChecks.price(o, "open"),
                        InputChecks.price(h, "high"), InputChecks.price(l, "low"), InputChecks.price(c, "close"), 0, now));
            } catch (InvalidInputException e) {
                rejections.reject(e, row.getKey() + ": " + row.getValue());
            }
        }
        bars.sort(Comparator.comparing(Bar::openTime));
        return bars;
    }

    private List<DailyBar> digitalDaily(JsonNode body, String dataKey, String instrument, String market) {
        List<DailyBar> bars = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> rows = body.get(dataKey).fields(); rows.hasNext(); ) {
            Map.Entry<String, JsonNode> row = rows.next();
            try {
                LocalDate date = date(row.getKey());
                JsonNode values = row.getValue();
                // The row keys changed over time: "1. open" now, "1a. open (USD)" / "1b. open (USD)" in 2021.
                String o = value(values, "1. open", "1a. open (" + market + ")", "1b. open (USD)");
                String h = value(values, "2. high", "2a. high (" + market + ")", "2b. high (USD)");
                String l = value(values, "3. low", "3a. low (" + market + ")", "3b. low (USD)");
                String c = value(values, "4. close", "4a. close (" + market + ")", "4b. close (USD)");
                String v = values.path("5. volume").asText(null);
                if (isMissing(o, h, l, c)) {
                    continue;
                }
                BigDecimal open = InputChecks.price(o, "open");
                BigDecimal high = InputChecks.price(h, "high");
                BigDecimal low = InputChecks.price(l, "low");
                BigDecimal close = InputChecks.price(c, "close");
                if (low.compareTo(high) > 0 || open.compareTo(high) > 0 || open.compareTo(low) < 0
                        || close.compareTo(high) > 0 || close.compareTo(low) < 0) {
                    throw new InvalidInputException(RejectReason.INCONSISTENT_BAR, "O=" + o + " H=" + h + " L=" + l + " C=" + c);
                }
                BigDecimal volume = v == null || v.equals(MISSING) ? null : volume(v);
                bars.add(new DailyBar(instrument, SOURCE, date, open, high, low, close, volume));
            } catch (InvalidInputException e) {
                rejections.reject(e, row.getKey() + ": " + row.getValue());
            }
        }
        bars.sort(Comparator.comparing(DailyBar::date));
        return bars;
    }

    private List<DailyBar> commodityValues(JsonNode body, String instrument) {
        JsonNode data = body.get("data");
        if (!data.isArray()) {
            throw new AlphaVantageException(AlphaVantageErrorKind.MALFORMED, "data is not an array", null);
        }
        List<DailyBar> values = new ArrayList<>();
        for (JsonNode point : data) {
            try {
                LocalDate date = date(InputChecks.text(point, "date"));
                String value = value(point, "value");
                if (isMissing(value)) {
                    continue;
                }
                values.add(new DailyBar(instrument, SOURCE, date, null, null, null, InputChecks.price(value, "value"), null));
            } catch (InvalidInputException e) {
                rejections.reject(e, point.toString());
            }
        }
        values.sort(Comparator.comparing(DailyBar::date));
        return values;
    }

    /** The zone of the "... Time Zone" metadata entry (numbered differently per function: "7." or "9."). */
    private static ZoneId timeZone(JsonNode meta) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = meta.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().toLowerCase(Locale.ROOT).endsWith("time zone")) {
                try {
                    return ZoneId.of(field.getValue().asText());
                } catch (DateTimeException e) {
                    throw new AlphaVantageException(AlphaVantageErrorKind.MALFORMED, "unknown time zone '"
                            + field.getValue().asText() + "' in Meta Data", e);
                }
            }
        }
        throw new AlphaVantageException(AlphaVantageErrorKind.MALFORMED, "Meta Data names no time zone; refusing to guess one",
                null);
    }

    /** Local wall time in {@code zone} to an instant; in a DST overlap the earlier offset, in a gap the later time. */
    private static Instant instant(String text, ZoneId zone) {
        try {
            return ZonedDateTime.ofLocal(LocalDateTime.parse(text, TIMESTAMP), zone, null).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(RejectReason.MALFORMED_FRAME, "timestamp '" + text + "' is not yyyy-MM-dd HH:mm:ss");
        }
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(RejectReason.MALFORMED_FRAME, "date '" + text + "' is not yyyy-MM-dd");
        }
    }

    /** The first present of {@code keys}, as text. */
    private static String value(JsonNode row, String... keys) {
        for (String key : keys) {
            JsonNode value = row.get(key);
            if (value != null && !value.isNull()) {
                return value.asText();
            }
        }
        throw new InvalidInputException(RejectReason.MISSING_FIELD, "missing " + keys[0]);
    }

    private boolean isMissing(String... values) {
        for (String value : values) {
            if (MISSING.equals(value.trim())) {
                missingValuesSkipped.incrementAndGet();
                return true;
            }
        }
        return false;
    }

    private static BigDecimal volume(String text) {
        try {
            BigDecimal volume = new BigDecimal(text.trim());
            if (volume.signum() < 0) {
                throw new InvalidInputException(RejectReason.INVALID_SIZE, "volume " + text + " is negative");
            }
            return volume;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(RejectReason.INVALID_SIZE, "volume '" + text + "' is not a number");
        }
    }

    // ---------------------------------------------------------------- plumbing

    private AlphaVantageSymbol.Crypto crypto(String instrument) {
        AlphaVantageSymbol symbol = symbols.alphaVantage(instrument).orElseThrow(() -> missingMapping(instrument));
        if (!(symbol instanceof AlphaVantageSymbol.Crypto crypto)) {
            throw new IllegalArgumentException(SymbolMap.ALPHA_VANTAGE_SETTING + "." + instrument + " maps to " + symbol
                    + ", not a digital currency");
        }
        return crypto;
    }

    private static IllegalArgumentException missingMapping(String instrument) {
        return new IllegalArgumentException(SymbolMap.ALPHA_VANTAGE_SETTING + "." + instrument
                + " is not set: no Alpha Vantage symbol for " + instrument);
    }

    /** One request within the budget; answers without {@code dataKey} become typed exceptions. */
    private Uni<JsonNode> call(Map<String, String> query, String dataKey) {
        String function = query.get("function");
        return Uni.createFrom().deferred(() -> {
            long waitNanos = budget.take(System.nanoTime());
            return delay(waitNanos / 1_000_000).chain(() -> exchange(query, function));
        }).map(body -> {
            if (body.hasNonNull(dataKey) && (body.get(dataKey).isObject() || body.get(dataKey).isArray())) {
                return body;
            }
            throw classify(body, function);
        });
    }

    private Uni<JsonNode> exchange(Map<String, String> query, String function) {
        String url = config.baseUrl().toString().replaceAll("/+$", "") + "/query";
        HttpRequest<Buffer> request = http.getAbs(url).timeout(config.requestTimeout().toMillis())
                .putHeader("Accept", "application/json");
        query.forEach(request::addQueryParam);
        request.addQueryParam("apikey", config.apiKey());
        requestsSent.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, "alphavantage: GET {0}", Secrets.redactUrl(request.uri()));
        return request.send()
                .ifNoItem().after(config.requestTimeout().plusSeconds(1)).failWith(TimeoutException::new)
                .onFailure().transform(failure -> new AlphaVantageException(AlphaVantageErrorKind.TRANSPORT, function + ": "
                        + Secrets.redact(String.valueOf(failure.getMessage()), config.apiKey()), failure))
                .map(response -> body(response, function));
    }

    private JsonNode body(HttpResponse<Buffer> response, String function) {
        if (response.statusCode() != 200) {
            throw new AlphaVantageException(AlphaVantageErrorKind.HTTP, function + ": HTTP " + response.statusCode(), null);
        }
        try {
            return InputChecks.parse(response.bodyAsString());
        } catch (InvalidInputException e) {
            throw new AlphaVantageException(AlphaVantageErrorKind.MALFORMED, function + ": " + e.getMessage(), null);
        }
    }

    /**
     * An answer without the data key. {@code Error Message}: invalid key (it talks about the apikey) or invalid call. A
     * notice about a premium endpoint: premium wall. Anything else, whatever its key: throttled.
     */
    private AlphaVantageException classify(JsonNode body, String function) {
        if (body.hasNonNull("Error Message")) {
            String message = Secrets.redact(body.get("Error Message").asText(), config.apiKey());
            AlphaVantageErrorKind kind = message.toLowerCase(Locale.ROOT).contains("apikey")
                    ? AlphaVantageErrorKind.INVALID_API_KEY : AlphaVantageErrorKind.INVALID_CALL;
            return new AlphaVantageException(kind, function + ": " + message, null);
        }
        String noticeKey = null;
        String notice = "";
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isTextual()) {
                noticeKey = field.getKey();
                notice = field.getValue().asText();
                break;
            }
        }
        notice = Secrets.redact(notice, config.apiKey());
        // "This is a premium endpoint." The burst notice ends in "...unlock all premium endpoints": not a premium wall.
        if (notice.toLowerCase(Locale.ROOT).contains("is a premium endpoint")) {
            return new AlphaVantageException(AlphaVantageErrorKind.PREMIUM_ENDPOINT, function + ": " + notice, null);
        }
        return new AlphaVantageThrottledException(noticeKey, function + ": " + (noticeKey == null
                ? "answer without data: " + InputChecks.abbreviate(Secrets.redact(body.toString(), config.apiKey()))
                : noticeKey + ": " + notice));
    }

    private Uni<Void> delay(long millis) {
        if (millis <= 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(millis, ignored -> emitter.complete(null)));
    }
}
