package io.tickflow.marketsources.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.marketsources.InputChecks;
import io.tickflow.marketsources.InvalidInputException;
import io.tickflow.marketsources.PolygonSymbol;
import io.tickflow.marketsources.RejectReason;
import io.tickflow.marketsources.RejectedInput;
import io.tickflow.marketsources.Rejections;
import io.tickflow.marketsources.Secrets;
import io.tickflow.marketsources.SlidingWindowPacer;
import io.tickflow.marketsources.SymbolMap;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polygon.io / Massive REST aggregates for backfill:
 * {@code GET /v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}?adjusted=true&sort=asc&limit=50000&apiKey=…},
 * following {@code next_url} (adding the key, which Massive leaves out of it) until the range is complete.
 *
 * <p><b>Gaps are normal here.</b> Massive returns no bar for an interval without trades, so a missing minute in the answer
 * is not missing data. Gap repair must not treat it as a gap, nor ask for it again: the answer for that range is complete.
 *
 * <p>Requests are paced below the plan's limit ({@code maxRequestsPerMinute}); a 429, a 5xx or a lost connection is
 * retried with backoff ({@code retries}), and what still fails surfaces as a {@link PolygonException} with a
 * {@link PolygonErrorKind}. Bars with bad values are dropped and counted ({@link #rejectionCounts()}) rather than failing a
 * whole backfill. The key is stripped from every URL we log or put in an exception. Results are emitted on Vert.x
 * event-loop threads.
 */
public final class PolygonRestClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PolygonRestClient.class.getName());

    private final Vertx vertx;
    private final SymbolMap symbols;
    private final PolygonRestConfig config;
    private final WebClient http;
    private final SlidingWindowPacer pacer;
    private final Rejections rejections;
    private final AtomicLong requestsSent = new AtomicLong();

    public PolygonRestClient(Vertx vertx, SymbolMap symbols, PolygonRestConfig config) {
        this.vertx = vertx;
        this.symbols = symbols;
        this.config = config;
        this.http = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setFollowRedirects(true)
                .setUserAgent("tickflow-market-sources"));
        this.pacer = new SlidingWindowPacer(config.maxRequestsPerMinute(), Duration.ofMinutes(1).toNanos());
        this.rejections = new Rejections(PolygonDecoder.SOURCE, config.clock());
    }

    /**
     * Every bar of {@code instrument} whose window starts in [{@code from}, {@code to}), ascending, all pages collected.
     * Intervals without trades have no bar (see the class comment).
     */
    public Uni<List<Bar>> aggregates(String instrument, BarResolution resolution, Instant from, Instant to) {
        return aggregatePages(instrument, resolution, from, to).collect().asList()
                .map(pages -> pages.stream().flatMap(List::stream).toList());
    }

    /**
     * The same bars page by page (one item per HTTP answer, possibly empty), so a long backfill can report progress, store
     * as it goes and resume from the last bar it stored. Cancelling stops after the request in flight.
     */
    public Multi<List<Bar>> aggregatePages(String instrument, BarResolution resolution, Instant from, Instant to) {
        PolygonSymbol.Crypto symbol = symbols.polygonCrypto(instrument).orElseThrow(() -> new IllegalArgumentException(
                SymbolMap.POLYGON_SETTING + "." + instrument + " has no Polygon crypto ticker"));
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("empty range [" + from + ", " + to + ")");
        }
        Range range = Range.of(resolution);
        // Massive's to is inclusive; our ranges are half-open.
        String firstUrl = config.baseUrl().toString().replaceAll("/+$", "") + "/v2/aggs/ticker/" + symbol.ticker() + "/range/"
                + range.multiplier + "/" + range.timespan + "/" + from.toEpochMilli() + "/" + (to.toEpochMilli() - 1)
                + "?adjusted=true&sort=asc&limit=" + config.pageLimit();
        return Multi.createFrom().emitter(emitter -> fetchPage(firstUrl, instrument, resolution, from, to, emitter));
    }

    /** Bars dropped as bad input so far, per reason. */
    public Map<RejectReason, Long> rejectionCounts() {
        return rejections.counts();
    }

    public Multi<RejectedInput> rejections() {
        return rejections.stream();
    }

    /** HTTP requests sent, retries included. */
    public long requestsSent() {
        return requestsSent.get();
    }

    @Override
    public void close() {
        rejections.close();
        http.close();
    }

    // ---------------------------------------------------------------- plumbing

    private record Range(int multiplier, String timespan) {
        static Range of(BarResolution resolution) {
            return switch (resolution) {
                case SECOND_1 -> new Range(1, "second");
                case MINUTE_1 -> new Range(1, "minute");
                case MINUTE_5 -> new Range(5, "minute");
                case HOUR_1 -> new Range(1, "hour");
            };
        }
    }

    private void fetchPage(String url, String instrument, BarResolution resolution, Instant from, Instant to,
            MultiEmitter<? super List<Bar>> emitter) {
        if (emitter.isCancelled()) {
            return;
        }
        get(url, 0).subscribe().with(body -> {
            List<Bar> bars;
            String next;
            try {
                bars = bars(body, instrument, resolution, from, to);
                next = body.hasNonNull("next_url") ? body.get("next_url").asText() : null;
            } catch (PolygonException e) {
                emitter.fail(e);
                return;
            }
            emitter.emit(bars);
            if (next == null || next.isBlank()) {
                emitter.complete();
            } else {
                fetchPage(next, instrument, resolution, from, to, emitter);
            }
        }, emitter::fail);
    }

    private List<Bar> bars(JsonNode body, String instrument, BarResolution resolution, Instant from, Instant to) {
        if (!body.isObject() || !body.hasNonNull("status")) {
            throw new PolygonException(200, PolygonErrorKind.MALFORMED, "answer without status: "
                    + InputChecks.abbreviate(body.toString()), null);
        }
        JsonNode results = body.path("results");
        if (results.isMissingNode() || results.isNull()) {
            return List.of(); // no trades at all in the range: Massive leaves results out
        }
        if (!results.isArray()) {
            throw new PolygonException(200, PolygonErrorKind.MALFORMED, "results is not an array", null);
        }
        Instant now = config.clock().instant();
        long length = resolution.length().toMillis();
        List<Bar> bars = new ArrayList<>(results.size());
        for (JsonNode result : results) {
            try {
                if (!result.isObject()) {
                    throw new InvalidInputException(RejectReason.MALFORMED_FRAME, "result is not an object");
                }
                Instant start = InputChecks.epochMillis(result, "t");
                InputChecks.checkTime(start, now, config.maxFutureSkew(), null, "t");
                if (start.isBefore(from) || !start.isBefore(to)) {
                    continue; // outside the half-open range we asked for
                }
                if (start.toEpochMilli() % length != 0) {
                    throw new InvalidInputException(RejectReason.INCONSISTENT_BAR, "t " + start + " is not aligned to "
                            + resolution.length());
                }
                InputChecks.size(result, "v", false);
                long trades = result.path("n").asLong(0);
                bars.add(InputChecks.bar(PolygonDecoder.SOURCE, instrument, resolution, start, InputChecks.price(result, "o"),
                        InputChecks.price(result, "h"), InputChecks.price(result, "l"), InputChecks.price(result, "c"),
                        trades, now));
            } catch (InvalidInputException e) {
                rejections.reject(e, result.toString());
            }
        }
        return bars;
    }

    /** One GET, paced, retried on 429 / 5xx / transport failures with backoff. */
    private Uni<JsonNode> get(String url, int attempt) {
        return Uni.createFrom().deferred(() -> delay(pacer.reserve(System.nanoTime()) / 1_000_000).chain(() -> exchange(url)))
                .onFailure(PolygonRestClient::retryable).recoverWithUni(failure -> {
                    if (attempt >= config.retries()) {
                        return Uni.createFrom().failure(failure);
                    }
                    long delay = config.backoff().delayMillis(attempt);
                    LOG.log(System.Logger.Level.WARNING, "polygon: {0}; retry {1}/{2} in {3} ms", failure.getMessage(),
                            attempt + 1, config.retries(), delay);
                    return delay(delay).chain(() -> get(url, attempt + 1));
                });
    }

    private Uni<JsonNode> exchange(String url) {
        String logged = Secrets.redactUrl(url);
        HttpRequest<Buffer> request = http.getAbs(url)
                .timeout(config.requestTimeout().toMillis())
                .putHeader("Accept", "application/json")
                .addQueryParam("apiKey", config.apiKey());
        requestsSent.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, "polygon: GET {0}", logged);
        return request.send()
                .ifNoItem().after(config.requestTimeout().plusSeconds(1)).failWith(TimeoutException::new)
                .onFailure().transform(failure -> failure instanceof PolygonException ? failure
                        : new PolygonException(0, PolygonErrorKind.TRANSPORT, (failure instanceof ConnectException
                                ? "connect failed" : String.valueOf(failure.getMessage())) + " for " + logged, failure))
                .map(response -> answer(response, logged));
    }

    private JsonNode answer(HttpResponse<Buffer> response, String logged) {
        int status = response.statusCode();
        String text = response.bodyAsString();
        JsonNode body;
        try {
            body = InputChecks.parse(text);
        } catch (InvalidInputException e) {
            if (status == 200) {
                throw new PolygonException(status, PolygonErrorKind.MALFORMED, e.getMessage() + " for " + logged, null);
            }
            body = InputChecks.MAPPER.createObjectNode();
        }
        if (status >= 200 && status < 300) {
            return body;
        }
        String message = body.hasNonNull("error") ? body.get("error").asText()
                : body.hasNonNull("message") ? body.get("message").asText() : "HTTP " + status;
        message = Secrets.redact(message, config.apiKey()) + " for " + logged;
        PolygonErrorKind kind = status == 401 || status == 403 ? PolygonErrorKind.AUTH
                : status == 429 ? PolygonErrorKind.RATE_LIMITED
                : status >= 500 ? PolygonErrorKind.SERVER
                : PolygonErrorKind.BAD_REQUEST;
        throw new PolygonException(status, kind, message, null);
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof PolygonException e && (e.kind() == PolygonErrorKind.RATE_LIMITED
                || e.kind() == PolygonErrorKind.SERVER || e.kind() == PolygonErrorKind.TRANSPORT);
    }

    private Uni<Void> delay(long millis) {
        if (millis <= 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(millis, ignored -> emitter.complete(null)));
    }
}
