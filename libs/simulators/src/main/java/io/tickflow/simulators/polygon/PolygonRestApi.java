package io.tickflow.simulators.polygon;

import io.tickflow.simulators.polygon.AggregateHistory.Timespan;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}} as documented
 * (massive.com/docs/rest/crypto/aggregates/custom-bars): {@code from}/{@code to} are {@code YYYY-MM-DD} (whole UTC days,
 * {@code to} inclusive) or epoch milliseconds (inclusive); {@code adjusted}, {@code sort=asc|desc} and {@code limit}
 * (default 5,000, at most 50,000) as query parameters; the key as {@code apiKey} or {@code Authorization: Bearer}.
 *
 * <p>The answer is {@code {ticker, queryCount, resultsCount, adjusted, results[{o,h,l,c,v,vw,t,n}], status, request_id,
 * count, next_url}}; {@code next_url} carries only a {@code cursor}, and, as with the real API, the key is not in it: a
 * client must add its key to follow it. Errors are {@code {"status":"ERROR","request_id":...,"error":"..."}} with 400, 401
 * or 429. Timespans week, month, quarter and year are not simulated (400).
 */
final class PolygonRestApi {

    private static final String PATH = "/v2/aggs/ticker/:ticker/range/:multiplier/:timespan/:from/:to";
    private static final int DEFAULT_LIMIT = 5_000;
    private static final int MAX_LIMIT = 50_000;
    static final String RATE_LIMIT_MESSAGE = "You've exceeded the maximum requests per minute, please wait or upgrade your "
            + "subscription to continue. https://massive.com/pricing";

    private final PolygonSimulatorConfig config;
    private final Clock clock;
    private final AggregateHistory history;
    private final ArrayDeque<Long> recentRequests = new ArrayDeque<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicInteger rateLimitsToInject = new AtomicInteger();
    private final AtomicInteger serverErrorsToInject = new AtomicInteger();

    PolygonRestApi(PolygonSimulatorConfig config, AggregateHistory history) {
        this.config = config;
        this.clock = config.clock();
        this.history = history;
    }

    void mount(Router router) {
        router.get(PATH).handler(this::aggregates);
    }

    private void aggregates(RoutingContext ctx) {
        requests.incrementAndGet();
        String key = apiKey(ctx);
        if (key == null) {
            error(ctx, 401, "API Key was not provided");
            return;
        }
        if (!config.apiKey().equals(key)) {
            error(ctx, 401, "Unknown API Key");
            return;
        }
        if (takeOne(rateLimitsToInject) || overRateLimit()) {
            rateLimited.incrementAndGet();
            error(ctx, 429, RATE_LIMIT_MESSAGE);
            return;
        }
        if (takeOne(serverErrorsToInject)) {
            error(ctx, 502, "Bad Gateway");
            return;
        }
        String ticker = ctx.pathParam("ticker");
        Timespan timespan = Timespan.parse(ctx.pathParam("timespan"));
        if (timespan == null) {
            error(ctx, 400, "Invalid timespan: " + ctx.pathParam("timespan") + " (the simulator serves second, minute, hour, day)");
            return;
        }
        int multiplier;
        long from;
        long to;
        try {
            multiplier = Integer.parseInt(ctx.pathParam("multiplier"));
            from = time(ctx.pathParam("from"), false);
            to = time(ctx.pathParam("to"), true);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            error(ctx, 400, "Could not parse the request: " + e.getMessage());
            return;
        }
        Cursor cursor;
        try {
            cursor = Cursor.of(ctx);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        if (multiplier < 1 || cursor.limit < 1 || cursor.limit > MAX_LIMIT) {
            error(ctx, 400, "multiplier must be >= 1 and limit within 1..50000");
            return;
        }
        List<AggregateBar> all;
        try {
            all = history.bars(ticker, multiplier, timespan, from, to);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        if (cursor.descending) {
            all = all.reversed();
        }
        int pageSize = Math.min(cursor.limit, config.maxResultsPerPage());
        int end = (int) Math.min(all.size(), cursor.offset + (long) pageSize);
        List<AggregateBar> page = cursor.offset >= all.size() ? List.of() : all.subList(cursor.offset, end);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ticker", ticker);
        body.put("queryCount", page.size());
        body.put("resultsCount", page.size());
        body.put("adjusted", cursor.adjusted);
        if (!page.isEmpty()) {
            body.put("results", page.stream().map(PolygonRestApi::result).toList());
        }
        body.put("status", "OK");
        body.put("request_id", requestId());
        body.put("count", page.size());
        if (end < all.size()) {
            io.vertx.core.net.HostAndPort authority = ctx.request().authority();
            String origin = ctx.request().scheme() + "://" + authority.host() + (authority.port() >= 0 ? ":" + authority.port() : "");
            body.put("next_url", origin + "/v2/aggs/ticker/" + ticker + "/range/" + multiplier + "/"
                    + ctx.pathParam("timespan") + "/" + ctx.pathParam("from") + "/" + ctx.pathParam("to")
                    + "?cursor=" + new Cursor(end, cursor.limit, cursor.descending, cursor.adjusted).encode());
        }
        ctx.response().putHeader("Content-Type", "application/json").end(PolygonJson.write(body));
    }

    private static Map<String, Object> result(AggregateBar bar) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("v", bar.v());
        row.put("vw", bar.vw());
        row.put("o", bar.o());
        row.put("c", bar.c());
        row.put("h", bar.h());
        row.put("l", bar.l());
        row.put("t", bar.t().toEpochMilli());
        row.put("n", bar.n());
        row.values().removeIf(java.util.Objects::isNull);
        return row;
    }

    private static String apiKey(RoutingContext ctx) {
        String query = ctx.request().getParam("apiKey");
        if (query != null && !query.isEmpty()) {
            return query;
        }
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ")) {
            return authorization.substring("Bearer ".length()).trim();
        }
        return null;
    }

    /** {@code YYYY-MM-DD} (start of the day, or its last millisecond for {@code to}) or epoch milliseconds. */
    private static long time(String text, boolean endOfDay) {
        if (text.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(text);
        }
        LocalDate date = LocalDate.parse(text);
        long start = date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return endOfDay ? start + 86_400_000L - 1 : start;
    }

    private synchronized boolean overRateLimit() {
        int max = config.restRequestsPerMinute();
        if (max == 0) {
            return false;
        }
        long now = clock.millis();
        while (!recentRequests.isEmpty() && recentRequests.peekFirst() <= now - 60_000) {
            recentRequests.pollFirst();
        }
        if (recentRequests.size() >= max) {
            return true;
        }
        recentRequests.addLast(now);
        return false;
    }

    private void error(RoutingContext ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ERROR");
        body.put("request_id", requestId());
        body.put("error", message);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(PolygonJson.write(body));
    }

    private String requestId() {
        return String.format("%032x", requestIds.incrementAndGet());
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0;
    }

    void rateLimitNext(int count) {
        rateLimitsToInject.set(count);
    }

    void failNextWithServerError(int count) {
        serverErrorsToInject.set(count);
    }

    long requests() {
        return requests.get();
    }

    long rateLimited() {
        return rateLimited.get();
    }

    /** Where the next page starts, its size and order: opaque to clients, base64url of a query string. */
    private record Cursor(int offset, int limit, boolean descending, boolean adjusted) {

        static Cursor of(RoutingContext ctx) {
            String encoded = ctx.request().getParam("cursor");
            if (encoded == null) {
                String limit = ctx.request().getParam("limit");
                String sort = ctx.request().getParam("sort");
                if (sort != null && !sort.equals("asc") && !sort.equals("desc")) {
                    throw new IllegalArgumentException("sort must be asc or desc");
                }
                return new Cursor(0, limit == null ? DEFAULT_LIMIT : parse(limit, "limit"), "desc".equals(sort),
                        !"false".equals(ctx.request().getParam("adjusted")));
            }
            Map<String, String> fields = new LinkedHashMap<>();
            try {
                for (String pair : new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("&")) {
                    String[] kv = pair.split("=", 2);
                    fields.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
                return new Cursor(parse(fields.get("offset"), "cursor"), parse(fields.get("limit"), "cursor"),
                        "desc".equals(fields.get("sort")), !"false".equals(fields.get("adjusted")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid cursor");
            }
        }

        String encode() {
            String text = "offset=" + offset + "&limit=" + limit + "&sort=" + (descending ? "desc" : "asc") + "&adjusted=" + adjusted;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        private static int parse(String text, String what) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException("invalid " + what);
            }
        }
    }
}
