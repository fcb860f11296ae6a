package io.tickflow.capital;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

import javax.crypto.Cipher;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Capital.com REST client on the Vert.x Mutiny web client: plain class, no framework, construct it with a Vert.x
 * (Quarkus services make it a CDI bean themselves).
 *
 * <p>What it does for the caller, following the known failure modes of the API:
 * <ul>
 *   <li><b>One login gate</b>: concurrent callers share one {@code POST /session}, logins start at least 1.1 s apart (the
 *       broker allows one per second per key), and an idle session is pinged every {@code keepAliveInterval} so it never
 *       reaches the 10-minute idle expiry.</li>
 *   <li><b>Tokens</b>: CST and X-SECURITY-TOKEN go on every call; rotated tokens in any response replace the current ones.</li>
 *   <li><b>Reads</b> (GET) re-login and retry once on {@code error.invalid.session.token}, and retry with backoff when the
 *       broker cannot be reached or does not answer.</li>
 *   <li><b>Writes</b> (POST/PUT/DELETE) are never retried. A write without an answer fails with
 *       {@link CapitalComTimeoutException}: its outcome is unknown and must be reconciled, never resent blindly.</li>
 *   <li><b>Pacing</b> below 10 requests/s and orders {@code orderSpacing} apart.</li>
 *   <li><b>Live guard</b>: refuses the live host unless {@code liveTradingEnabled}.</li>
 * </ul>
 * Numbers are exact ({@link java.math.BigDecimal}), times are UTC {@link Instant}s. Credentials and tokens are never logged.
 * Thread-safe; results are emitted on Vert.x event-loop threads, so callers must not block in their callbacks.
 */
public final class CapitalComClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CapitalComClient.class.getName());
    private static final String API_PATH = "/api/v1";
    /** Capital.com: "both tokens are valid for 10 minutes after the last use"; we stop trusting a session a bit earlier. */
    private static final Duration ASSUMED_IDLE_EXPIRY = Duration.ofMinutes(9);
    private static final long LOGIN_SPACING_NANOS = Duration.ofMillis(1100).toNanos();
    private static final int READ_RETRIES = 3;
    private static final Duration READ_RETRY_BACKOFF = Duration.ofMillis(200);
    private static final Duration READ_RETRY_MAX_BACKOFF = Duration.ofSeconds(2);
    /** Capital.com rejects activity windows longer than a day. */
    private static final Duration MAX_ACTIVITY_WINDOW = Duration.ofDays(1);

    private final Vertx vertx;
    private final CapitalComConfig config;
    private final WebClient http;
    private final String apiRoot;
    private final RequestPacer pacer;
    private final AtomicLong logins = new AtomicLong();
    private final Object sessionLock = new Object();
    private final long keepAliveTimerId;
    private volatile SessionInfo session;
    private volatile long lastUsedNanos;
    private volatile boolean closed;
    /** Guarded by {@link #sessionLock}. */
    private Uni<SessionInfo> loginInFlight;
    /** Guarded by {@link #sessionLock}. */
    private long lastLoginStartNanos = Long.MIN_VALUE / 2;

    public CapitalComClient(Vertx vertx, CapitalComConfig config) {
        if (config.isLiveHost() && !config.liveTradingEnabled()) {
            throw new IllegalArgumentException("refusing to use the LIVE Capital.com API (" + config.baseUrl()
                    + ") without liveTradingEnabled=true");
        }
        this.vertx = vertx;
        this.config = config;
        this.apiRoot = config.baseUrl().toString().replaceAll("/+$", "") + API_PATH;
        this.http = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setFollowRedirects(false)
                .setUserAgent("tickflow-capital-client"));
        this.pacer = new RequestPacer(config.maxRequestsPerSecond(), config.orderSpacing().toNanos());
        long checkEvery = Math.max(1, config.keepAliveInterval().toMillis() / 4);
        this.keepAliveTimerId = vertx.setPeriodic(checkEvery, ignored -> keepAlive(checkEvery));
    }

    public CapitalComConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- session

    /**
     * Logs in now. Concurrent calls share the login in flight; a login never starts within 1.1 s of the previous one (it
     * waits instead), so this client alone cannot trip the broker's 1 login/s limit.
     */
    public Uni<SessionInfo> login() {
        synchronized (sessionLock) {
            if (loginInFlight != null) {
                return loginInFlight;
            }
            Uni<SessionInfo> attempt = Uni.createFrom().deferred(this::performLogin)
                    .onTermination().invoke(() -> {
                        synchronized (sessionLock) {
                            loginInFlight = null;
                        }
                    })
                    .memoize().indefinitely();
            loginInFlight = attempt;
            return attempt;
        }
    }

    /** The current session, logging in when there is none or it has been idle long enough to have expired. */
    public Uni<SessionInfo> session() {
        SessionInfo current = session;
        if (current != null && System.nanoTime() - lastUsedNanos < ASSUMED_IDLE_EXPIRY.toNanos()) {
            return Uni.createFrom().item(current);
        }
        return login();
    }

    /** The session as it stands, without logging in. */
    public Optional<SessionInfo> currentSession() {
        return Optional.ofNullable(session);
    }

    /** How many logins this client has performed (metrics, tests). */
    public long loginCount() {
        return logins.get();
    }

    /**
     * A fresh session after {@code rejected} was refused (token expired): another caller may already have logged in again,
     * in which case that session is reused instead of logging in once more.
     */
    Uni<SessionInfo> renewSession(SessionInfo rejected) {
        synchronized (sessionLock) {
            SessionInfo current = session;
            if (current != null && !current.sameTokensAs(rejected)) {
                return Uni.createFrom().item(current);
            }
        }
        return login();
    }

    public Uni<Void> ping() {
        return read("/ping", Map.of()).replaceWithVoid();
    }

    private Uni<SessionInfo> performLogin() {
        long now = System.nanoTime();
        long waitNanos;
        synchronized (sessionLock) {
            long start = Math.max(now, lastLoginStartNanos + LOGIN_SPACING_NANOS);
            lastLoginStartNanos = start;
            waitNanos = start - now;
        }
        return delay(waitNanos)
                .chain(this::loginPassword)
                .chain(password -> send(new Call(HttpMethod.POST, "/session", Map.of(),
                        CapitalComJson.loginBody(config.identifier(), password, config.encryptedPassword()), true, false), null))
                .map(answer -> {
                    if (answer.cst() == null || answer.securityToken() == null) {
                        throw new CapitalComException(answer.status(), "error.missing.session.tokens", ErrorKind.AUTH);
                    }
                    SessionInfo info = CapitalComJson.session(answer.body(), answer.cst(), answer.securityToken(), Instant.now());
                    synchronized (sessionLock) {
                        session = info;
                        lastUsedNanos = System.nanoTime();
                    }
                    logins.incrementAndGet();
                    LOG.log(System.Logger.Level.INFO, "logged in to Capital.com at {0}: {1}", config.baseUrl(), info);
                    return info;
                });
    }

    /** The password as the login body carries it: plain, or {@code Base64(RSA(Base64(password|timeStamp)))}. */
    private Uni<String> loginPassword() {
        if (!config.encryptedPassword()) {
            return Uni.createFrom().item(config.password());
        }
        return send(new Call(HttpMethod.GET, "/session/encryptionKey", Map.of(), null, true, false), null)
                .map(answer -> encryptPassword(CapitalComJson.text(answer.body(), "encryptionKey"),
                        answer.body().path("timeStamp").asLong()));
    }

    private String encryptPassword(String encryptionKey, long timeStamp) {
        try {
            PublicKey key = KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(encryptionKey)));
            Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            cipher.init(Cipher.ENCRYPT_MODE, key);
            byte[] input = Base64.getEncoder().encode((config.password() + "|" + timeStamp).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(cipher.doFinal(input));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CapitalComException(0, "error.client.password-encryption", ErrorKind.AUTH, e);
        }
    }

    private void keepAlive(long checkEveryMillis) {
        if (closed || session == null) {
            return;
        }
        long idleNanos = System.nanoTime() - lastUsedNanos;
        if (idleNanos >= config.keepAliveInterval().toNanos() - Duration.ofMillis(checkEveryMillis).toNanos()) {
            ping().subscribe().with(ignored -> { },
                    failure -> LOG.log(System.Logger.Level.WARNING, "keep-alive ping failed: " + failure.getMessage()));
        }
    }

    // ---------------------------------------------------------------- API

    /** {@code GET /markets/{epic}}. */
    public Uni<MarketDetails> market(String epic) {
        return read("/markets/" + encode(epic), Map.of()).map(CapitalComJson::market);
    }

    /**
     * {@code POST /positions}. Never retried. The reference does not mean the position opened: check {@link #confirm}.
     * Fails with {@link CapitalComTimeoutException} when no answer came (the order may or may not exist).
     */
    public Uni<DealReference> openPosition(OpenPositionRequest request) {
        return write(HttpMethod.POST, "/positions", CapitalComJson.openPositionBody(request))
                .map(body -> new DealReference(CapitalComJson.text(body, "dealReference")));
    }

    /**
     * {@code GET /confirms/{dealReference}}. A 404 ({@code error.not-found.dealReference}) surfaces as a
     * {@link CapitalComException} of kind NOT_FOUND: it can be transient while the deal exists, so the caller decides.
     */
    public Uni<DealConfirmation> confirm(String dealReference) {
        return read("/confirms/" + encode(dealReference), Map.of()).map(CapitalComJson::confirmation);
    }

    /** {@code GET /positions}. */
    public Uni<List<OpenPosition>> positions() {
        return read("/positions", Map.of()).map(CapitalComJson::positions);
    }

    /** {@code GET /workingorders}: part of reconciling an order whose outcome is unknown. */
    public Uni<List<WorkingOrder>> workingOrders() {
        return read("/workingorders", Map.of()).map(CapitalComJson::workingOrders);
    }

    /** {@code DELETE /positions/{dealId}}: closes the whole position. Never retried. */
    public Uni<DealReference> closePosition(String dealId) {
        return write(HttpMethod.DELETE, "/positions/" + encode(dealId), null)
                .map(body -> new DealReference(CapitalComJson.text(body, "dealReference")));
    }

    /**
     * {@code GET /history/activity?detailed=true}, optionally for one epic, in chronological order. Windows longer than the
     * API's one-day limit are fetched day by day.
     */
    public Uni<List<Activity>> activity(Instant from, Instant to, String epic) {
        List<Instant[]> windows = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(MAX_ACTIVITY_WINDOW)) {
            Instant end = start.plus(MAX_ACTIVITY_WINDOW).isBefore(to) ? start.plus(MAX_ACTIVITY_WINDOW) : to;
            windows.add(new Instant[] {start, end});
        }
        return Multi.createFrom().iterable(windows)
                .onItem().transformToUniAndConcatenate(window -> {
                    Map<String, String> query = new LinkedHashMap<>();
                    query.put("from", CapitalComJson.queryDate(window[0]));
                    // The API takes whole seconds: round the end up so the last second is included.
                    query.put("to", CapitalComJson.queryDate(window[1].plus(999, ChronoUnit.MILLIS)));
                    query.put("detailed", "true");
                    if (epic != null) {
                        query.put("filter", "epic==" + epic);
                    }
                    return read("/history/activity", query).map(CapitalComJson::activities);
                })
                .collect().asList()
                .map(pages -> pages.stream().flatMap(List::stream)
                        .sorted(Comparator.comparing(Activity::date, Comparator.nullsFirst(Comparator.naturalOrder())))
                        .toList());
    }

    /**
     * {@code GET /prices/{epic}}: bars of {@code resolution} (MINUTE, MINUTE_5, ..., WEEK), the first {@code max} (at most
     * 1000) from {@code from}; {@code from}/{@code to} may be null. The newest bar may still be forming.
     */
    public Uni<List<PriceBar>> prices(String epic, String resolution, Instant from, Instant to, int max) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("resolution", resolution);
        query.put("max", Integer.toString(max));
        if (from != null) {
            query.put("from", CapitalComJson.queryDate(from));
        }
        if (to != null) {
            query.put("to", CapitalComJson.queryDate(to));
        }
        return read("/prices/" + encode(epic), query).map(CapitalComJson::prices);
    }

    @Override
    public void close() {
        closed = true;
        vertx.cancelTimer(keepAliveTimerId);
        http.close();
    }

    // ---------------------------------------------------------------- plumbing

    /** One HTTP exchange to make. {@code apiKey}: send X-CAP-API-KEY (login only); {@code dealing}: subject to order spacing. */
    private record Call(HttpMethod method, String path, Map<String, String> query, JsonNode body, boolean apiKey,
                        boolean dealing) {
        boolean isRead() {
            return method == HttpMethod.GET;
        }
    }

    private record Answer(int status, JsonNode body, String cst, String securityToken) {
    }

    /** GET: re-login and retry once on an invalid session; retry with backoff when the broker cannot be reached. */
    private Uni<JsonNode> read(String path, Map<String, String> query) {
        Call call = new Call(HttpMethod.GET, path, query, null, false, false);
        return Uni.createFrom().deferred(() -> session()
                        .chain(current -> send(call, current)
                                .onFailure(CapitalComClient::isInvalidSession)
                                .recoverWithUni(failure -> renewSession(current).chain(fresh -> send(call, fresh)))))
                .onFailure(CapitalComClient::isWorthRetryingForRead)
                .retry().withBackOff(READ_RETRY_BACKOFF, READ_RETRY_MAX_BACKOFF).withJitter(0.2).atMost(READ_RETRIES)
                .map(Answer::body);
    }

    /** POST/PUT/DELETE: exactly one attempt, whatever happens. */
    private Uni<JsonNode> write(HttpMethod method, String path, JsonNode body) {
        Call call = new Call(method, path, Map.of(), body, false, true);
        return session().chain(current -> send(call, current)).map(Answer::body);
    }

    private Uni<Answer> send(Call call, SessionInfo current) {
        return Uni.createFrom().deferred(() -> delay(pacer.reserve(call.dealing(), System.nanoTime()))
                .chain(() -> exchange(call, current)));
    }

    private Uni<Answer> exchange(Call call, SessionInfo current) {
        HttpRequest<Buffer> request = http.requestAbs(call.method(), apiRoot + call.path())
                .timeout(config.requestTimeout().toMillis())
                .putHeader("Accept", "application/json");
        call.query().forEach(request::addQueryParam);
        if (current != null) {
            request.putHeader("CST", current.cst()).putHeader("X-SECURITY-TOKEN", current.securityToken());
        }
        if (call.apiKey()) {
            request.putHeader("X-CAP-API-KEY", config.apiKey());
        }
        Uni<HttpResponse<Buffer>> response = call.body() == null ? request.send()
                : request.putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer(CapitalComJson.write(call.body())));
        return response
                // Vert.x's timeout resets an idle exchange; this one also bounds a slowly trickling answer.
                .ifNoItem().after(config.requestTimeout().plusSeconds(1)).failWith(TimeoutException::new)
                .onFailure().transform(failure -> transportFailure(call, failure))
                .map(answer -> answer(call, current, answer));
    }

    private Answer answer(Call call, SessionInfo current, HttpResponse<Buffer> response) {
        String cst = response.getHeader("CST");
        String securityToken = response.getHeader("X-SECURITY-TOKEN");
        if (current != null) {
            noteUse(current, cst, securityToken);
        }
        JsonNode body = CapitalComJson.parse(response.bodyAsString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Answer(status, body, cst, securityToken);
        }
        String errorCode = CapitalComJson.text(body, "errorCode");
        throw CapitalComException.fromAnswer(status, errorCode != null ? errorCode : "http." + status);
    }

    /** Records that the session was used, and applies tokens the broker rotated in this response. */
    private void noteUse(SessionInfo used, String cst, String securityToken) {
        synchronized (sessionLock) {
            SessionInfo current = session;
            if (current == null || !current.sameTokensAs(used)) {
                return;
            }
            lastUsedNanos = System.nanoTime();
            boolean rotated = cst != null && securityToken != null
                    && (!cst.equals(current.cst()) || !securityToken.equals(current.securityToken()));
            if (rotated) {
                session = current.withTokens(cst, securityToken);
                LOG.log(System.Logger.Level.DEBUG, "Capital.com rotated the session tokens");
            }
        }
    }

    /**
     * No HTTP answer. A refused connection never carried the request; anything else after sending may have reached the
     * broker, so for writes it is reported as an unknown outcome.
     */
    private Throwable transportFailure(Call call, Throwable failure) {
        if (failure instanceof CapitalComException || failure instanceof CapitalComTimeoutException) {
            return failure;
        }
        if (failure instanceof ConnectException) {
            return new CapitalComException(0, "error.transport.connect", ErrorKind.TRANSPORT, failure);
        }
        if (failure instanceof TimeoutException || !call.isRead()) {
            return new CapitalComTimeoutException(call.method().name(), call.path(), config.requestTimeout(), failure);
        }
        return new CapitalComException(0, "error.transport", ErrorKind.TRANSPORT, failure);
    }

    private static boolean isInvalidSession(Throwable failure) {
        return failure instanceof CapitalComException e && e.isSessionInvalid();
    }

    private static boolean isWorthRetryingForRead(Throwable failure) {
        return failure instanceof CapitalComTimeoutException
                || failure instanceof CapitalComException e && e.kind() == ErrorKind.TRANSPORT;
    }

    private Uni<Void> delay(long nanos) {
        if (nanos <= 0) {
            return Uni.createFrom().voidItem();
        }
        long millis = Math.max(1, Duration.ofNanos(nanos).toMillis());
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(millis, ignored -> emitter.complete(null)));
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
    }
}
