package io.tickflow.simulators.alphavantage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /query?function=...&apikey=...} for {@code CRYPTO_INTRADAY}, {@code DIGITAL_CURRENCY_DAILY} and {@code WTI}, in
 * the answer shapes Alpha Vantage uses, including the ones that break clients (shared/reference/market-apis.md, section 5):
 * <ul>
 *   <li>Throttling, premium walls and invalid calls are all <b>HTTP 200</b>: {@code {"Information": ...}} (or
 *       {@code {"Note": ...}}, the pre-2023 key) for the daily limit and the one-per-second burst limit,
 *       {@code {"Information": "...premium endpoint..."}} for premium functions, {@code {"Error Message": ...}} for an
 *       invalid or missing key and for invalid calls. The daily-limit message names the key, as the real one does: a
 *       client that logs it verbatim leaks its key.</li>
 *   <li>Missing WTI values are {@code "."}.</li>
 *   <li>Intraday timestamps are local to the zone named in the metadata ({@code "9. Time Zone"}).</li>
 * </ul>
 * Budget accounting (a simulator choice, the real rules are not published): answered requests count against the day
 * (UTC day of the simulator clock); requests refused for the key, the burst limit or the daily limit do not.
 */
final class AlphaVantageApi {

    static final String INVALID_KEY = "the parameter apikey is invalid or missing. Please claim your free API key on "
            + "(https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds.";
    static final String BURST_LIMIT = "Thank you for using Alpha Vantage! Please consider spreading out your free API "
            + "requests more sparingly (1 request per second). You may subscribe to any of the premium plans at "
            + "https://www.alphavantage.co/premium/ to lift the free key rate limit (25 requests per day), raise the "
            + "per-second burst limit, and instantly unlock all premium endpoints";
    static final String PREMIUM = "Thank you for using Alpha Vantage! This is a premium endpoint. You may subscribe to any "
            + "of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium endpoints";
    static final String OLD_NOTE = "Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute "
            + "and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher "
            + "API call frequency.";

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Map<String, Duration> INTERVALS = Map.of("1min", Duration.ofMinutes(1), "5min",
            Duration.ofMinutes(5), "15min", Duration.ofMinutes(15), "30min", Duration.ofMinutes(30), "60min",
            Duration.ofMinutes(60));
    private static final Map<String, String> NAMES = Map.of("BTC", "Bitcoin", "ETH", "Ethereum");

    private final AlphaVantageSimulatorConfig config;
    private final Clock clock;
    private final SeriesGenerator generator;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final Map<String, List<IntradayRow>> intradayOverrides = new ConcurrentHashMap<>();
    private final Map<String, List<DailyRow>> dailyOverrides = new ConcurrentHashMap<>();
    private final Map<String, List<DatedValue>> commodityOverrides = new ConcurrentHashMap<>();
    /** Guarded by {@code this}. */
    private LocalDate budgetDay;
    private int usedToday;
    private long lastRequestNanos = Long.MIN_VALUE / 2;
    private int throttlesToInject;
    private String injectedThrottleKey;

    AlphaVantageApi(AlphaVantageSimulatorConfig config) {
        this.config = config;
        this.clock = config.clock();
        this.generator = new SeriesGenerator(config);
    }

    void mount(Router router) {
        router.get("/query").handler(this::query);
    }

    private void query(RoutingContext ctx) {
        received.incrementAndGet();
        HttpServerRequest request = ctx.request();
        String key = request.getParam("apikey");
        if (key == null || !key.equals(config.apiKey())) {
            answer(ctx, Map.of("Error Message", INVALID_KEY));
            return;
        }
        Map<String, Object> refusal = admit(key);
        if (refusal != null) {
            throttled.incrementAndGet();
            answer(ctx, refusal);
            return;
        }
        answered.incrementAndGet();
        String function = String.valueOf(request.getParam("function"));
        if (config.premiumFunctions().contains(function)) {
            answer(ctx, Map.of("Information", PREMIUM));
            return;
        }
        Map<String, Object> body = switch (function) {
            case "CRYPTO_INTRADAY" -> cryptoIntraday(request);
            case "DIGITAL_CURRENCY_DAILY" -> digitalCurrencyDaily(request);
            case "WTI", "BRENT" -> commodity(function, request);
            default -> null;
        };
        answer(ctx, body != null ? body : invalidCall(function));
    }

    /** Null when the request may be answered; otherwise the throttle answer it gets. */
    private synchronized Map<String, Object> admit(String key) {
        long now = System.nanoTime();
        long sinceLast = now - lastRequestNanos;
        lastRequestNanos = now;
        if (throttlesToInject > 0) {
            throttlesToInject--;
            return Map.of(injectedThrottleKey, config.throttleKey().equals("Note") ? OLD_NOTE : BURST_LIMIT);
        }
        if (!config.minSpacing().isZero() && sinceLast < config.minSpacing().toNanos()) {
            return Map.of(config.throttleKey(), config.throttleKey().equals("Note") ? OLD_NOTE : BURST_LIMIT);
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(budgetDay)) {
            budgetDay = today;
            usedToday = 0;
        }
        if (usedToday >= config.requestsPerDay()) {
            return Map.of(config.throttleKey(), config.throttleKey().equals("Note") ? OLD_NOTE
                    : "We have detected your API key as " + key + " and our standard API rate limit is "
                            + config.requestsPerDay() + " requests per day. Please subscribe to any of the premium plans at "
                            + "https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.");
        }
        usedToday++;
        return null;
    }

    private Map<String, Object> cryptoIntraday(HttpServerRequest request) {
        String symbol = request.getParam("symbol");
        String market = request.getParam("market");
        String interval = request.getParam("interval");
        String outputSize = request.getParam("outputsize", "compact");
        BigDecimal start = symbol == null ? null : config.cryptos().get(symbol);
        Duration length = interval == null ? null : INTERVALS.get(interval);
        if (start == null || !"USD".equals(market) || length == null
                || !(outputSize.equals("compact") || outputSize.equals("full"))) {
            return null;
        }
        List<IntradayRow> rows = intradayOverrides.get(symbol + "/" + interval);
        if (rows == null) {
            rows = generator.intraday(symbol, start, length, outputSize.equals("full") ? 1000 : 100, clock.instant(),
                    config.intradayTimeZone());
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("1. Information", "Crypto Intraday (" + interval + ") Time Series");
        meta.put("2. Digital Currency Code", symbol);
        meta.put("3. Digital Currency Name", NAMES.getOrDefault(symbol, symbol));
        meta.put("4. Market Code", market);
        meta.put("5. Market Name", "United States Dollar");
        meta.put("6. Last Refreshed", rows.isEmpty() ? "" : TIMESTAMP.format(rows.getFirst().time()));
        meta.put("7. Interval", interval);
        meta.put("8. Output Size", outputSize.equals("full") ? "Full size" : "Compact");
        meta.put("9. Time Zone", config.intradayTimeZone().getId());
        Map<String, Object> series = new LinkedHashMap<>();
        for (IntradayRow row : rows) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("1. open", row.open());
            values.put("2. high", row.high());
            values.put("3. low", row.low());
            values.put("4. close", row.close());
            values.put("5. volume", numberIfNumeric(row.volume()));
            series.put(TIMESTAMP.format(row.time()), values);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Meta Data", meta);
        body.put("Time Series Crypto (" + interval + ")", series);
        return body;
    }

    private Map<String, Object> digitalCurrencyDaily(HttpServerRequest request) {
        String symbol = request.getParam("symbol");
        String market = request.getParam("market");
        BigDecimal start = symbol == null ? null : config.cryptos().get(symbol);
        if (start == null || !"USD".equals(market)) {
            return null;
        }
        List<DailyRow> rows = dailyOverrides.get(symbol);
        if (rows == null) {
            rows = generator.daily(symbol, start, 100, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("1. Information", "Daily Prices and Volumes for Digital Currency");
        meta.put("2. Digital Currency Code", symbol);
        meta.put("3. Digital Currency Name", NAMES.getOrDefault(symbol, symbol));
        meta.put("4. Market Code", market);
        meta.put("5. Market Name", "United States Dollar");
        meta.put("6. Last Refreshed", rows.isEmpty() ? "" : rows.getFirst().date() + " 00:00:00");
        meta.put("7. Time Zone", "UTC");
        Map<String, Object> series = new LinkedHashMap<>();
        for (DailyRow row : rows) {
            Map<String, Object> values = new LinkedHashMap<>();
            if (config.legacyDigitalCurrencyKeys()) {
                values.put("1a. open (USD)", row.open());
                values.put("1b. open (USD)", row.open());
                values.put("2a. high (USD)", row.high());
                values.put("2b. high (USD)", row.high());
                values.put("3a. low (USD)", row.low());
                values.put("3b. low (USD)", row.low());
                values.put("4a. close (USD)", row.close());
                values.put("4b. close (USD)", row.close());
                values.put("5. volume", row.volume());
                values.put("6. market cap (USD)", row.volume());
            } else {
                values.put("1. open", row.open());
                values.put("2. high", row.high());
                values.put("3. low", row.low());
                values.put("4. close", row.close());
                values.put("5. volume", row.volume());
            }
            series.put(row.date().toString(), values);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Meta Data", meta);
        body.put("Time Series (Digital Currency Daily)", series);
        return body;
    }

    private Map<String, Object> commodity(String function, HttpServerRequest request) {
        String interval = request.getParam("interval", "monthly");
        if (!(interval.equals("daily") || interval.equals("weekly") || interval.equals("monthly"))) {
            return null;
        }
        List<DatedValue> values = commodityOverrides.get(function + "/" + interval);
        if (values == null) {
            BigDecimal start = function.equals("WTI") ? config.wtiStart() : config.wtiStart().add(new BigDecimal("4.00"));
            values = generator.wti(start, interval, 260, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        }
        List<Map<String, Object>> data = new ArrayList<>(values.size());
        for (DatedValue value : values) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("date", value.date().toString());
            point.put("value", value.value());
            data.add(point);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", function.equals("WTI") ? "Crude Oil Prices WTI" : "Crude Oil Prices Brent");
        body.put("interval", interval);
        body.put("unit", "dollars per barrel");
        body.put("data", data);
        return body;
    }

    private static Map<String, Object> invalidCall(String function) {
        return Map.of("Error Message", "Invalid API call. Please retry or visit the documentation "
                + "(https://www.alphavantage.co/documentation/) for " + function + ".");
    }

    private static Object numberIfNumeric(String text) {
        try {
            return text == null ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** Alpha Vantage answers everything with 200 and a JSON body, errors included. */
    private static void answer(RoutingContext ctx, Map<String, Object> body) {
        try {
            ctx.response().putHeader("Content-Type", "application/json").end(MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    // ---------------------------------------------------------------- faults and overrides

    synchronized void throttleNext(int count, String key) {
        throttlesToInject = count;
        injectedThrottleKey = key;
    }

    void putIntraday(String symbol, String interval, List<IntradayRow> rows) {
        intradayOverrides.put(symbol + "/" + interval, List.copyOf(rows));
    }

    void putDaily(String symbol, List<DailyRow> rows) {
        dailyOverrides.put(symbol, List.copyOf(rows));
    }

    void putCommodity(String function, String interval, List<DatedValue> values) {
        commodityOverrides.put(function + "/" + interval, List.copyOf(values));
    }

    long received() {
        return received.get();
    }

    long answered() {
        return answered.get();
    }

    long throttled() {
        return throttled.get();
    }

    synchronized int usedToday() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return today.equals(budgetDay) ? usedToday : 0;
    }
}
