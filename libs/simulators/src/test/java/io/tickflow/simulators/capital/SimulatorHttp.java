package io.tickflow.simulators.capital;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * A deliberately dumb, blocking HTTP client for the simulator tests, built on Vert.x's WebClient: the tests check the wire
 * protocol, so they speak it by hand instead of through the production client.
 */
final class SimulatorHttp implements AutoCloseable {

    record Tokens(String cst, String securityToken) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client;
    private final CapitalComSimulator simulator;

    SimulatorHttp(CapitalComSimulator simulator) {
        this.simulator = simulator;
        URI base = URI.create(simulator.baseUrl());
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(base.getHost()).setDefaultPort(base.getPort()));
    }

    Vertx vertx() {
        return vertx;
    }

    HttpResponse<Buffer> login() {
        CapitalComSimulatorConfig config = simulator.config();
        return login(config.apiKey(), config.identifier(), config.password());
    }

    HttpResponse<Buffer> login(String apiKey, String identifier, String password) {
        return login(apiKey, new JsonObject().put("identifier", identifier).put("password", password)
                .put("encryptedPassword", false));
    }

    HttpResponse<Buffer> login(String apiKey, JsonObject body) {
        HttpRequest<Buffer> request = client.post("/api/v1/session");
        if (apiKey != null) {
            request.putHeader("X-CAP-API-KEY", apiKey);
        }
        return await(request.sendJsonObject(body));
    }

    HttpResponse<Buffer> getWithApiKey(String path, String apiKey) {
        return await(client.get(path).putHeader("X-CAP-API-KEY", apiKey).send());
    }

    Tokens loginTokens() {
        HttpResponse<Buffer> response = login();
        if (response.statusCode() != 200) {
            throw new AssertionError("login failed: " + response.statusCode() + " " + response.bodyAsString());
        }
        return tokensOf(response);
    }

    static Tokens tokensOf(HttpResponse<Buffer> response) {
        return new Tokens(response.getHeader("CST"), response.getHeader("X-SECURITY-TOKEN"));
    }

    HttpResponse<Buffer> get(String path) {
        return await(client.get(path).send());
    }

    HttpResponse<Buffer> get(String path, Tokens tokens) {
        return send(HttpMethod.GET, path, tokens, null);
    }

    HttpResponse<Buffer> post(String path, Tokens tokens, JsonObject body) {
        return send(HttpMethod.POST, path, tokens, body);
    }

    HttpResponse<Buffer> put(String path, Tokens tokens, JsonObject body) {
        return send(HttpMethod.PUT, path, tokens, body);
    }

    HttpResponse<Buffer> delete(String path, Tokens tokens) {
        return send(HttpMethod.DELETE, path, tokens, null);
    }

    /** POST without waiting for the answer, for requests the simulator is told to hold back. */
    Future<HttpResponse<Buffer>> postAsync(String path, Tokens tokens, JsonObject body, long timeoutMillis) {
        return authorised(client.request(HttpMethod.POST, path), tokens).timeout(timeoutMillis).sendJsonObject(body);
    }

    HttpResponse<Buffer> openPosition(Tokens tokens, String epic, String direction, String size) {
        return post("/api/v1/positions", tokens, new JsonObject().put("epic", epic).put("direction", direction)
                .put("size", new java.math.BigDecimal(size)));
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, Tokens tokens, JsonObject body) {
        HttpRequest<Buffer> request = authorised(client.request(method, path), tokens);
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    private static HttpRequest<Buffer> authorised(HttpRequest<Buffer> request, Tokens tokens) {
        if (tokens != null) {
            request.putHeader("CST", tokens.cst()).putHeader("X-SECURITY-TOKEN", tokens.securityToken());
        }
        return request;
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("request failed", e);
        }
    }

    @Override
    public void close() {
        client.close();
        await(vertx.close());
    }
}
