package io.tickflow.simulators.capital;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.simulators.capital.Deals.Activity;
import io.tickflow.simulators.capital.Deals.Confirmation;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Capital.com's REST API under {@code /api/v1}, shaped after the official Postman collection: same paths, headers
 * ({@code X-CAP-API-KEY}, {@code CST}, {@code X-SECURITY-TOKEN}), field names and error bodies {@code {"errorCode":"..."}}.
 * Every authenticated call checks the session, counts against the session's requests-per-second budget and returns the
 * session's tokens in its response headers (rotated ones when the rotation fault is armed).
 */
final class RestApi {

    private static final System.Logger LOG = System.getLogger(RestApi.class.getName());
    static final String PREFIX = "/api/v1";
    private static final String RECEIVED_NANOS = "tickflow.receivedNanos";
    private static final String CLIENT_ID = "10000001";
    private static final int MAX_ACTIVITY_PERIOD_SECONDS = 86_400;
    private static final int DEFAULT_ACTIVITY_PERIOD_SECONDS = 600;
    private static final int MAX_PRICE_BARS = 1000;
    private static final int MAX_MARKET_EPICS = 50;

    private final Vertx vertx;
    private final CapitalComSimulatorConfig config;
    private final Clock clock;
    private final SessionRegistry sessions;
    private final TradingDesk desk;
    private final Map<String, SimulatedInstrument> instruments;
    private final MarketViews views;
    private final StreamingHub hub;
    private final SimulatorFaults faults;
    private final OrderLog orderLog;
    private final LatencyProbe probe;
    private final AtomicLong restRequests = new AtomicLong();
    private final AtomicLong rateLimitedRequests = new AtomicLong();

    RestApi(Vertx vertx, CapitalComSimulatorConfig config, SessionRegistry sessions, TradingDesk desk,
            Map<String, SimulatedInstrument> instruments, MarketViews views, StreamingHub hub, SimulatorFaults faults,
            OrderLog orderLog, LatencyProbe probe) {
        this.vertx = vertx;
        this.config = config;
        this.clock = config.clock();
        this.sessions = sessions;
        this.desk = desk;
        this.instruments = instruments;
        this.views = views;
        this.hub = hub;
        this.faults = faults;
        this.orderLog = orderLog;
        this.probe = probe;
    }

    long restRequests() {
        return restRequests.get();
    }

    long rateLimitedRequests() {
        return rateLimitedRequests.get();
    }

    void mount(Router router, NetworkModel network) {
        router.route(PREFIX + "/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.route(PREFIX + "/*").handler(ctx -> network.handle(ctx, vertx));

        route(router, HttpMethod.GET, "/time", this::serverTime);
        route(router, HttpMethod.GET, "/session/encryptionKey",
                ctx -> sessions.encryptionKey(ctx.request().getHeader("X-CAP-API-KEY")));
        router.post(PREFIX + "/session").handler(this::login);

        authenticated(router, HttpMethod.GET, "/ping", (ctx, session) -> Map.of("status", "OK"));
        authenticated(router, HttpMethod.GET, "/session", this::sessionDetails);
        authenticated(router, HttpMethod.PUT, "/session", this::switchAccount);
        authenticated(router, HttpMethod.DELETE, "/session", this::logout);

        authenticated(router, HttpMethod.GET, "/accounts", this::accounts);
        authenticated(router, HttpMethod.GET, "/accounts/preferences", (ctx, session) -> desk.preferences(session.accountId));
        authenticated(router, HttpMethod.PUT, "/accounts/preferences", this::updatePreferences);
        authenticated(router, HttpMethod.GET, "/history/activity", this::activity);
        authenticated(router, HttpMethod.GET, "/history/transactions", this::transactions);

        authenticated(router, HttpMethod.GET, "/markets", this::markets);
        authenticated(router, HttpMethod.GET, "/markets/:epic",
                (ctx, session) -> views.details(desk.instrument(ctx.pathParam("epic")), clock.instant()));
        authenticated(router, HttpMethod.GET, "/marketnavigation", this::navigationRoot);
        authenticated(router, HttpMethod.GET, "/marketnavigation/:nodeId", this::navigationNode);
        authenticated(router, HttpMethod.GET, "/prices/:epic", this::prices);
        authenticated(router, HttpMethod.GET, "/clientsentiment", this::clientSentiments);
        authenticated(router, HttpMethod.GET, "/clientsentiment/:marketId",
                (ctx, session) -> sentiment(ctx.pathParam("marketId")));

        authenticated(router, HttpMethod.GET, "/positions", this::positions);
        authenticated(router, HttpMethod.POST, "/positions", this::openPosition);
        authenticated(router, HttpMethod.GET, "/positions/:dealId", this::position);
        authenticated(router, HttpMethod.PUT, "/positions/:dealId", (ctx, session) -> new DealReferenceBody(
                desk.amendPosition(session.accountId, ctx.pathParam("dealId"), body(ctx), clock.instant())));
        authenticated(router, HttpMethod.DELETE, "/positions/:dealId", (ctx, session) -> new DealReferenceBody(
                desk.closePosition(session.accountId, ctx.pathParam("dealId"), clock.instant())));
        authenticated(router, HttpMethod.GET, "/workingorders", this::workingOrders);
        authenticated(router, HttpMethod.POST, "/workingorders", this::createWorkingOrder);
        authenticated(router, HttpMethod.PUT, "/workingorders/:dealId", (ctx, session) -> new DealReferenceBody(
                desk.amendWorkingOrder(session.accountId, ctx.pathParam("dealId"), body(ctx), clock.instant())));
        authenticated(router, HttpMethod.DELETE, "/workingorders/:dealId", (ctx, session) -> new DealReferenceBody(
                desk.deleteWorkingOrder(session.accountId, ctx.pathParam("dealId"), clock.instant())));
        authenticated(router, HttpMethod.GET, "/confirms/:dealReference", this::confirmation);

        router.route(PREFIX + "/*").handler(ctx -> sendError(ctx, ApiError.notFound("error.not-found.endpoint")));
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface PublicEndpoint {
        Object handle(RoutingContext ctx);
    }

    @FunctionalInterface
    private interface SessionEndpoint {
        Object handle(RoutingContext ctx, Session session);
    }

    /**
     * An answer held back for {@code delay} (fault injection), then sent with {@code status}; {@code body == null} closes the
     * connection unanswered instead.
     */
    private record HeldBack(int status, Object body, Duration delay) {
    }

    /** No answer at all: the request is reset at once, which on HTTP/1.x closes the connection (fault injection). */
    private record Reset() {
    }

    record DealReferenceBody(String dealReference) {
    }

    private void route(Router router, HttpMethod method, String path, PublicEndpoint endpoint) {
        router.route(method, PREFIX + path).handler(ctx -> {
            restRequests.incrementAndGet();
            try {
                writeJson(ctx, 200, endpoint.handle(ctx));
            } catch (RuntimeException e) {
                sendError(ctx, e);
            }
        });
    }

    private void authenticated(Router router, HttpMethod method, String path, SessionEndpoint endpoint) {
        router.route(method, PREFIX + path).handler(ctx -> {
            ctx.put(RECEIVED_NANOS, System.nanoTime());
            restRequests.incrementAndGet();
            try {
                Session session = sessions.authenticate(ctx.request().getHeader("CST"),
                        ctx.request().getHeader("X-SECURITY-TOKEN"));
                if (!session.requestLimiter.tryAcquire(clock.millis())) {
                    rateLimitedRequests.incrementAndGet();
                    throw ApiError.tooManyRequests();
                }
                respond(ctx, session, endpoint.handle(ctx, session));
            } catch (RuntimeException e) {
                sendError(ctx, e);
            }
        });
    }

    private void respond(RoutingContext ctx, Session session, Object result) {
        if (result instanceof Reset) {
            // HTTP/1.x: closes the connection before any byte of the response; HTTP/2: RST_STREAM, other streams live on.
            // No headers reach the client, so an armed token rotation waits for the next real response.
            ctx.response().reset();
            return;
        }
        boolean unanswered = result instanceof HeldBack held && held.body() == null;
        if (session.rotateTokensOnNextResponse && !unanswered) {
            session.rotateTokensOnNextResponse = false;
            sessions.rotateTokens(session);
        }
        if (sessions.isActive(session)) {
            ctx.response().putHeader("CST", session.cst).putHeader("X-SECURITY-TOKEN", session.securityToken);
        }
        if (result instanceof HeldBack held) {
            vertx.setTimer(Math.max(1, held.delay().toMillis()), ignored -> {
                if (held.body() == null) {
                    ctx.request().connection().close();
                } else if (!ctx.response().ended() && !ctx.response().closed()) {
                    writeJson(ctx, held.status(), held.body());
                }
            });
            return;
        }
        writeJson(ctx, 200, result);
    }

    private static void writeJson(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.write(body));
    }

    private static void sendError(RoutingContext ctx, RuntimeException failure) {
        ApiError error;
        if (failure instanceof ApiError apiError) {
            error = apiError;
        } else {
            LOG.log(System.Logger.Level.ERROR, "simulator bug while serving " + ctx.request().path(), failure);
            error = new ApiError(500, "error.internal");
        }
        if (!ctx.response().ended()) {
            writeJson(ctx, error.httpStatus, Map.of("errorCode", error.errorCode));
        }
    }

    private static JsonNode body(RoutingContext ctx) {
        return Json.readBody(ctx.body().asString());
    }

    private static String query(RoutingContext ctx, String name) {
        return ctx.request().getParam(name);
    }

    private static int intQuery(RoutingContext ctx, String name, int defaultValue, String errorCode) {
        String value = query(ctx, name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(errorCode);
        }
    }

    // ---------------------------------------------------------------- session

    private Object serverTime(RoutingContext ctx) {
        return Map.of("serverTime", clock.millis());
    }

    record AccountInfo(BigDecimal balance, BigDecimal deposit, BigDecimal profitLoss, BigDecimal available) {
        static AccountInfo of(TradingDesk.Funds funds) {
            return new AccountInfo(funds.balance(), funds.deposit(), funds.profitLoss(), funds.available());
        }
    }

    record AccountEntry(String accountId, String accountName, boolean preferred, String accountType) {
    }

    record SessionCreated(String accountType, AccountInfo accountInfo, String currencyIsoCode, String currencySymbol,
            String currentAccountId, String streamingHost, List<AccountEntry> accounts, String clientId, int timezoneOffset,
            boolean hasActiveDemoAccounts, boolean hasActiveLiveAccounts, boolean trailingStopsEnabled) {
    }

    private void login(RoutingContext ctx) {
        restRequests.incrementAndGet();
        try {
            Session session = sessions.login(ctx.request().getHeader("X-CAP-API-KEY"), body(ctx));
            List<AccountEntry> accounts = desk.accounts().stream()
                    .map(account -> new AccountEntry(account.accountId, account.accountName, account.preferred, "CFD"))
                    .toList();
            SessionCreated created = new SessionCreated("CFD", AccountInfo.of(desk.funds(session.accountId)), "USD", "$",
                    session.accountId, streamingHost(ctx), accounts, CLIENT_ID, config.accountTimezoneOffsetHours(), true,
                    false, false);
            ctx.response().putHeader("CST", session.cst).putHeader("X-SECURITY-TOKEN", session.securityToken);
            writeJson(ctx, 200, created);
        } catch (RuntimeException e) {
            sendError(ctx, e);
        }
    }

    /** The simulator's own WebSocket root as seen by this client, e.g. {@code ws://127.0.0.1:18090/}. */
    private static String streamingHost(RoutingContext ctx) {
        HostAndPort authority = ctx.request().authority();
        String hostAndPort = authority != null
                ? authority.host() + (authority.port() > 0 ? ":" + authority.port() : "")
                : ctx.request().localAddress().host() + ":" + ctx.request().localAddress().port();
        return "ws://" + hostAndPort + "/";
    }

    record SessionDetails(String clientId, String accountId, int timezoneOffset, String locale, String currency,
            String streamEndpoint) {
    }

    private Object sessionDetails(RoutingContext ctx, Session session) {
        return new SessionDetails(CLIENT_ID, session.accountId, config.accountTimezoneOffsetHours(), "en", "USD",
                streamingHost(ctx));
    }

    record AccountSwitched(boolean trailingStopsEnabled, boolean dealingEnabled, boolean hasActiveDemoAccounts,
            boolean hasActiveLiveAccounts) {
    }

    private Object switchAccount(RoutingContext ctx, Session session) {
        String accountId = Json.text(body(ctx), "accountId");
        if (accountId == null) {
            throw ApiError.badRequest("error.null.accountId");
        }
        desk.account(accountId); // 400 error.invalid.accountId when unknown
        if (!accountId.equals(session.accountId)) {
            sessions.switchAccount(session, accountId);
            hub.closeConnectionsOf(session);
        }
        return new AccountSwitched(false, true, true, false);
    }

    private Object logout(RoutingContext ctx, Session session) {
        sessions.logout(session);
        return Map.of("status", "SUCCESS");
    }

    // ---------------------------------------------------------------- accounts and history

    record AccountView(String accountId, String accountName, String status, String accountType, boolean preferred,
            AccountInfo balance, String currency) {
    }

    private Object accounts(RoutingContext ctx, Session session) {
        List<AccountView> accounts = desk.accounts().stream()
                .map(account -> new AccountView(account.accountId, account.accountName, "ENABLED", "CFD", account.preferred,
                        AccountInfo.of(desk.funds(account.accountId)), "USD"))
                .toList();
        return Map.of("accounts", accounts);
    }

    private Object updatePreferences(RoutingContext ctx, Session session) {
        desk.updatePreferences(session.accountId, body(ctx));
        return Map.of("status", "SUCCESS");
    }

    /**
     * The time window of the history endpoints: {@code from}/{@code to} (one alone spans a day), or else the last
     * {@code lastPeriod} seconds (default 600). Activity is limited to one day and {@code lastPeriod <= 86400};
     * transactions have no documented limit (the collection's own example asks for a month).
     */
    private record Window(Instant from, Instant to) {
    }

    private Window historyWindow(RoutingContext ctx, boolean limitedToOneDay) {
        Instant now = clock.instant();
        Instant from = CapitalTime.parseQueryDate(query(ctx, "from"), "error.invalid.from");
        Instant to = CapitalTime.parseQueryDate(query(ctx, "to"), "error.invalid.to");
        Duration oneDay = Duration.ofDays(1);
        if (from == null && to == null) {
            int lastPeriod = intQuery(ctx, "lastPeriod", DEFAULT_ACTIVITY_PERIOD_SECONDS, "error.invalid.lastPeriod");
            if (lastPeriod <= 0 || (limitedToOneDay && lastPeriod > MAX_ACTIVITY_PERIOD_SECONDS)) {
                throw ApiError.badRequest("error.invalid.lastPeriod");
            }
            return new Window(now.minusSeconds(lastPeriod), now);
        }
        from = from != null ? from : to.minus(oneDay);
        to = to != null ? to : from.plus(oneDay);
        if (to.isBefore(from)) {
            throw ApiError.badRequest("error.invalid.to");
        }
        if (limitedToOneDay && Duration.between(from, to).compareTo(oneDay) > 0) {
            throw ApiError.badRequest("error.invalid.daterange");
        }
        return new Window(from, to);
    }

    private Object activity(RoutingContext ctx, Session session) {
        Window window = historyWindow(ctx, true);
        boolean detailed = Boolean.parseBoolean(query(ctx, "detailed"));
        String dealId = query(ctx, "dealId");
        Predicate<Activity> filter = ActivityFilter.parse(query(ctx, "filter"));
        List<Activity> activities = desk.activities(session.accountId, window.from(), window.to()).stream()
                .filter(activity -> dealId == null || dealId.isBlank() || dealId.equals(activity.dealId()))
                .filter(filter)
                .map(activity -> detailed ? activity : activity.withoutDetails())
                .toList();
        return Map.of("activities", activities);
    }

    private Object transactions(RoutingContext ctx, Session session) {
        Window window = historyWindow(ctx, false);
        String type = query(ctx, "type");
        return Map.of("transactions", desk.transactions(session.accountId, window.from(), window.to()).stream()
                .filter(transaction -> type == null || type.equals(transaction.transactionType()))
                .toList());
    }

    // ---------------------------------------------------------------- markets

    /** {@code searchTerm} wins over {@code epics}; with neither, every market is listed. */
    private Object markets(RoutingContext ctx, Session session) {
        Instant now = clock.instant();
        String searchTerm = query(ctx, "searchTerm");
        String epics = query(ctx, "epics");
        if (searchTerm != null) {
            if (searchTerm.isBlank()) {
                throw ApiError.badRequest("error.null.searchTerm");
            }
            String term = searchTerm.toLowerCase(Locale.ROOT);
            return Map.of("markets", instruments.values().stream()
                    .filter(instrument -> instrument.spec.epic().toLowerCase(Locale.ROOT).contains(term)
                            || instrument.spec.name().toLowerCase(Locale.ROOT).contains(term))
                    .map(instrument -> views.summary(instrument, now))
                    .toList());
        }
        if (epics != null) {
            List<String> requested = List.of(epics.split(",")).stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
            if (requested.isEmpty()) {
                throw ApiError.badRequest("error.null.epic");
            }
            if (requested.size() > MAX_MARKET_EPICS) {
                throw ApiError.badRequest("error.invalid.epics");
            }
            return Map.of("marketDetails", requested.stream()
                    .filter(instruments::containsKey)
                    .map(epic -> views.details(instruments.get(epic), now))
                    .toList());
        }
        return Map.of("markets", instruments.values().stream().map(instrument -> views.summary(instrument, now)).toList());
    }

    private record NavigationNode(String id, String name) {
    }

    private Object navigationRoot(RoutingContext ctx, Session session) {
        List<NavigationNode> nodes = new ArrayList<>();
        MarketViews.navigationNodes(specs()).forEach((id, name) -> nodes.add(new NavigationNode(id, name)));
        return Map.of("nodes", nodes);
    }

    private Object navigationNode(RoutingContext ctx, Session session) {
        int limit = intQuery(ctx, "limit", 500, "error.invalid.limit");
        if (limit < 1) {
            throw ApiError.badRequest("error.invalid.limit");
        }
        String nodeName = MarketViews.navigationNodes(specs()).get(ctx.pathParam("nodeId"));
        if (nodeName == null) {
            throw ApiError.notFound("error.not-found.nodeId");
        }
        Instant now = clock.instant();
        return Map.of("nodes", List.of(), "markets", instruments.values().stream()
                .filter(instrument -> (instrument.spec.instrumentType().toLowerCase(Locale.ROOT) + "_group").equals(nodeName))
                .limit(limit)
                .map(instrument -> views.summary(instrument, now))
                .toList());
    }

    private List<InstrumentSpec> specs() {
        return instruments.values().stream().map(instrument -> instrument.spec).toList();
    }

    private Object prices(RoutingContext ctx, Session session) {
        if (faults.pricesFailing()) {
            throw new ApiError(503, "error.service.unavailable");
        }
        SimulatedInstrument instrument = desk.instrument(ctx.pathParam("epic"));
        PriceResolution resolution = PriceResolution.parse(query(ctx, "resolution"));
        int max = intQuery(ctx, "max", 10, "error.invalid.max");
        if (max < 1 || max > MAX_PRICE_BARS) {
            throw ApiError.badRequest("error.invalid.max");
        }
        Instant from = CapitalTime.parseQueryDate(query(ctx, "from"), "error.invalid.from");
        Instant to = CapitalTime.parseQueryDate(query(ctx, "to"), "error.invalid.to");
        List<PriceBar> bars = instrument.bars(resolution, from, to, max);
        if (bars.isEmpty()) {
            throw ApiError.notFound("error.prices.not-found");
        }
        return views.prices(instrument, bars);
    }

    record ClientSentiment(String marketId, BigDecimal longPositionPercentage, BigDecimal shortPositionPercentage) {
    }

    private Object clientSentiments(RoutingContext ctx, Session session) {
        String marketIds = query(ctx, "marketIds");
        if (marketIds == null || marketIds.isBlank()) {
            throw ApiError.badRequest("error.null.marketIds");
        }
        return Map.of("clientSentiments", List.of(marketIds.split(",")).stream().map(String::trim).map(this::sentiment).toList());
    }

    /** A fixed, seed-derived long/short split per market: there are no other clients to measure. */
    private ClientSentiment sentiment(String marketId) {
        desk.instrument(marketId);
        long basisPoints = 3000 + Math.floorMod(marketId.hashCode() * 31L + config.seed(), 6000);
        BigDecimal longShare = BigDecimal.valueOf(basisPoints, 2);
        return new ClientSentiment(marketId, longShare, BigDecimal.valueOf(100).subtract(longShare));
    }

    // ---------------------------------------------------------------- dealing

    /**
     * Called every second by reconcilers, with thousands of positions under load tests: the {@code market} block (whose day
     * statistics scan the day's bars) and the leverage are computed once per epic, not once per position, so the cost is one
     * pass over the positions plus the JSON.
     */
    private Object positions(RoutingContext ctx, Session session) {
        Instant now = clock.instant();
        Map<String, MarketViews.MarketSummary> marketByEpic = new HashMap<>();
        Map<String, Integer> leverageByType = new HashMap<>();
        List<Deals.Position> open = desk.positions(session.accountId);
        List<MarketViews.PositionView> answer = new ArrayList<>(open.size());
        for (Deals.Position position : open) {
            SimulatedInstrument instrument = instruments.get(position.epic());
            MarketViews.MarketSummary market = marketByEpic.computeIfAbsent(position.epic(),
                    epic -> views.summary(instrument, now));
            int leverage = leverageByType.computeIfAbsent(instrument.spec.instrumentType(),
                    type -> desk.leverage(session.accountId, type));
            answer.add(views.position(position, instrument, leverage, market));
        }
        return Map.of("positions", answer);
    }

    private Object position(RoutingContext ctx, Session session) {
        return positionView(session, desk.position(session.accountId, ctx.pathParam("dealId")), clock.instant());
    }

    private MarketViews.PositionView positionView(Session session, Deals.Position position, Instant now) {
        SimulatedInstrument instrument = instruments.get(position.epic());
        int leverage = desk.leverage(session.accountId, instrument.spec.instrumentType());
        return views.position(position, instrument, leverage, now);
    }

    /**
     * {@code POST /positions}, with the benchmark probe and the order faults (armed one-shots and the chaos mode, see
     * {@link ChaosFault}). Every request lands in the order log, valid or not, with whether it opened a position and which
     * fault hit it, so tests can count what really reached the broker and reconcile it with what the client was told.
     */
    private Object openPosition(RoutingContext ctx, Session session) {
        long receivedNanos = ctx.get(RECEIVED_NANOS);
        Instant receivedAt = clock.instant();
        long sequence = orderLog.nextSequence();
        ChaosFault fault = faults.takeOrderFault();
        boolean dropped = fault != null && !fault.brokerProcessesOrder();
        String epic = null;
        String direction = null;
        BigDecimal size = null;
        String dealReference = null;
        String dealId = null;
        String outcome = "NOT_EXECUTED";
        String detail = null;
        ApiError error = null;
        try {
            JsonNode body = body(ctx);
            epic = Json.text(body, "epic");
            direction = Json.text(body, "direction");
            size = Json.decimal(body, "size", "error.invalid.size");
            probe.orderReceived(epic, receivedNanos);
            if (!dropped) {
                if (size == null) {
                    throw ApiError.badRequest("error.null.size");
                }
                TradingDesk.DealTicket ticket = new TradingDesk.DealTicket(epic, Direction.parse(direction), size, body);
                dealReference = desk.openPosition(session.accountId, ticket, receivedAt);
                Confirmation confirmation = desk.confirmation(dealReference);
                outcome = confirmation.accepted() ? "ACCEPTED" : "REJECTED";
                detail = confirmation.accepted() ? null : confirmation.reason();
                dealId = confirmation.accepted() ? confirmation.affectedDeals().getFirst().dealId() : null;
            }
        } catch (ApiError e) {
            // A dropped order never reached validation: the client sees the fault, not this error.
            if (!dropped) {
                error = e;
                outcome = "ERROR";
                detail = e.errorCode;
            }
        } catch (RuntimeException e) {
            orderLog.append(new ReceivedOrder(sequence, receivedAt, receivedNanos, epic, direction, size, dealReference,
                    "ERROR", "error.internal", false, dealId != null, dealId, fault));
            throw e;
        }
        orderLog.append(new ReceivedOrder(sequence, receivedAt, receivedNanos, epic, direction, size, dealReference, outcome,
                detail, fault != null && fault.hangs(), dealId != null, dealId, fault));
        if (fault == null) {
            if (error != null) {
                throw error;
            }
            return new DealReferenceBody(dealReference);
        }
        return switch (fault) {
            case EXECUTE_THEN_HANG -> error != null
                    ? new HeldBack(error.httpStatus, Map.of("errorCode", error.errorCode), config.orderHangDuration())
                    : new HeldBack(200, new DealReferenceBody(dealReference), config.orderHangDuration());
            case HANG_WITHOUT_EXECUTING -> new HeldBack(0, null, config.orderHangDuration());
            case RESET_AFTER_EXECUTE, RESET_BEFORE_EXECUTE -> new Reset();
            case SERVER_ERROR_BEFORE_EXECUTE -> throw new ApiError(500, "error.internal");
            case SERVER_ERROR_AFTER_EXECUTE -> throw new ApiError(502, "error.bad-gateway");
            case RATE_LIMITED -> throw ApiError.tooManyRequests();
            case CONFIRM_NOT_FOUND -> {
                if (error != null) {
                    throw error;
                }
                faults.failConfirmPollsOf(dealReference);
                yield new DealReferenceBody(dealReference);
            }
        };
    }

    private Object workingOrders(RoutingContext ctx, Session session) {
        Instant now = clock.instant();
        return Map.of("workingOrders", desk.workingOrders(session.accountId).stream()
                .map(order -> views.workingOrder(order, instruments.get(order.epic()), now))
                .toList());
    }

    private Object createWorkingOrder(RoutingContext ctx, Session session) {
        JsonNode body = body(ctx);
        BigDecimal size = Json.decimal(body, "size", "error.invalid.size");
        BigDecimal level = Json.decimal(body, "level", "error.invalid.level");
        String type = Json.text(body, "type");
        if (size == null) {
            throw ApiError.badRequest("error.null.size");
        }
        if (level == null) {
            throw ApiError.badRequest("error.null.level");
        }
        if (!"LIMIT".equals(type) && !"STOP".equals(type)) {
            throw ApiError.badRequest("error.invalid.type");
        }
        String goodTillDate = Json.text(body, "goodTillDate");
        TradingDesk.WorkingOrderTicket ticket = new TradingDesk.WorkingOrderTicket(Json.text(body, "epic"),
                Direction.parse(Json.text(body, "direction")), size, level, type,
                CapitalTime.parseQueryDate(goodTillDate, "error.invalid.goodTillDate"), body);
        return new DealReferenceBody(desk.createWorkingOrder(session.accountId, ticket, clock.instant()));
    }

    private Object confirmation(RoutingContext ctx, Session session) {
        String dealReference = ctx.pathParam("dealReference");
        Confirmation confirmation = desk.confirmation(dealReference);
        if (confirmation == null || faults.confirmPollShouldFail(dealReference)) {
            throw ApiError.notFound("error.not-found.dealReference");
        }
        return confirmation;
    }
}
