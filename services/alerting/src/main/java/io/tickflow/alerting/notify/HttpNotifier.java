package io.tickflow.alerting.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JSON POST with the JDK's HTTP client: connect and whole-exchange timeout, no redirects (a webhook that redirects
 * is misconfigured), and the status mapped to an {@link Outcome}: 2xx delivered; 429 and 5xx transient (honouring
 * Retry-After); any other status permanent. The JDK client is deliberately not traced by OpenTelemetry, so no span
 * attribute carries a URL with a token in it.
 */
abstract class HttpNotifier implements Notifier {

    private final String channel;
    private final URI uri;
    private final Duration timeout;
    private final HttpClient client;
    protected final Redactor redactor;
    private final Clock clock;

    HttpNotifier(String channel, URI uri, Duration timeout, List<String> secrets, Clock clock) {
        this.channel = channel;
        this.uri = uri;
        this.timeout = timeout;
        this.clock = clock;
        this.redactor = new Redactor(secrets); // every configured secret: a receiver may echo another channel's
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public String channel() {
        return channel;
    }

    /** The JSON body for {@code notice}. */
    protected abstract String body(Notice notice);

    protected Map<String, String> headers(Notice notice) {
        return Map.of();
    }

    /** A delay the receiver asked for in its body (Telegram's parameters.retry_after), or null. */
    protected Duration retryAfterInBody(String body) {
        return null;
    }

    @Override
    public Outcome deliver(Notice notice) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "tickflow-alerting")
                .POST(HttpRequest.BodyPublishers.ofString(body(notice), StandardCharsets.UTF_8));
        headers(notice).forEach(request::header);
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            // the request timeout covers the wait for the headers; this bounds the body too
            response = call.get(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            return new Outcome.Transient("timed out after " + timeout.toMillis() + " ms", null);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome.Transient("interrupted (shutting down)", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return new Outcome.Transient("timed out after " + timeout.toMillis() + " ms ("
                        + redactor.describe(cause) + ")", null);
            }
            if (cause instanceof IOException) {
                return new Outcome.Transient("connection error: " + redactor.describe(cause), null);
            }
            return new Outcome.Permanent("request failed: " + redactor.describe(cause));
        }
        return classify(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    Outcome classify(int status, String body, String retryAfterHeader) {
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        String error = "HTTP " + status + snippet(body);
        if (status == 429 || status >= 500) {
            Duration retryAfter = RetryAfter.parse(retryAfterHeader, clock.instant());
            if (retryAfter == null) {
                retryAfter = retryAfterInBody(body);
            }
            return new Outcome.Transient(error, retryAfter);
        }
        return new Outcome.Permanent(error);
    }

    private String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        return ": " + NoticeText.truncate(redactor.apply(body.strip().replaceAll("\\s+", " ")), 300);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
