package io.tickflow.simulators.capital;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-04T10:15:30Z"));
    private CapitalComSimulator simulator;
    private SimulatorHttp http;

    @BeforeEach
    void start() {
        simulator = CapitalComSimulator.start(CapitalComSimulatorConfig.builder().clock(clock)
                .sessionIdleTimeout(Duration.ofMinutes(10)).build());
        http = new SimulatorHttp(simulator);
    }

    @AfterEach
    void stop() {
        http.close();
        simulator.close();
    }

    @Test
    void plainLoginReturnsTokensAndTheDocumentedBody() {
        HttpResponse<Buffer> response = http.login();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("CST")).isNotBlank();
        assertThat(response.getHeader("X-SECURITY-TOKEN")).isNotBlank();
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("accountType")).isEqualTo("CFD");
        assertThat(body.getString("streamingHost")).isEqualTo("ws://127.0.0.1:" + simulator.port() + "/");
        assertThat(body.getString("currentAccountId")).isEqualTo(body.getJsonArray("accounts").getJsonObject(0).getString("accountId"));
        assertThat(body.getJsonObject("accountInfo").fieldNames()).contains("balance", "deposit", "profitLoss", "available");
        assertThat(body.fieldNames()).contains("clientId", "timezoneOffset", "hasActiveDemoAccounts", "hasActiveLiveAccounts",
                "trailingStopsEnabled", "currencyIsoCode", "currencySymbol");
    }

    @Test
    void encryptedLoginFollowsTheDocumentedRsaScheme() throws Exception {
        HttpResponse<Buffer> keyResponse = http.getWithApiKey("/api/v1/session/encryptionKey", simulator.config().apiKey());
        assertThat(keyResponse.statusCode()).isEqualTo(200);
        String encryptionKey = keyResponse.bodyAsJsonObject().getString("encryptionKey");
        long timeStamp = keyResponse.bodyAsJsonObject().getLong("timeStamp");

        PublicKey publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(encryptionKey)));
        Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.ENCRYPT_MODE, publicKey);
        byte[] input = Base64.getEncoder().encode((simulator.config().password() + "|" + timeStamp).getBytes(StandardCharsets.UTF_8));
        String encrypted = Base64.getEncoder().encodeToString(cipher.doFinal(input));

        HttpResponse<Buffer> login = http.login(simulator.config().apiKey(), new JsonObject()
                .put("identifier", simulator.config().identifier()).put("password", encrypted).put("encryptedPassword", true));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.getHeader("CST")).isNotBlank();
    }

    @Test
    void loginErrorsUseTheDocumentedCodes() {
        HttpResponse<Buffer> noKey = http.login(null, "sim@tickflow.local", "sim-password");
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.bodyAsJsonObject().getString("errorCode")).isEqualTo("error.null.api.key");

        HttpResponse<Buffer> wrongPassword = http.login(simulator.config().apiKey(), simulator.config().identifier(), "nope");
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.bodyAsJsonObject().getString("errorCode")).isEqualTo("error.invalid.details");
    }

    @Test
    void moreThanOneLoginPerSecondPerApiKeyIsRefused() {
        assertThat(http.login().statusCode()).isEqualTo(200);

        HttpResponse<Buffer> second = http.login();
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.bodyAsJsonObject().getString("errorCode")).isEqualTo("error.too-many.requests");

        clock.advance(Duration.ofMillis(1000));
        assertThat(http.login().statusCode()).isEqualTo(200);
    }

    @Test
    void tokensExpireAfterTheIdleTimeoutButUseKeepsThemAlive() {
        SimulatorHttp.Tokens tokens = http.loginTokens();

        clock.advance(Duration.ofMinutes(9));
        assertThat(http.get("/api/v1/ping", tokens).bodyAsJsonObject().getString("status")).isEqualTo("OK");
        clock.advance(Duration.ofMinutes(9));
        assertThat(http.get("/api/v1/session", tokens).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(10));
        HttpResponse<Buffer> expired = http.get("/api/v1/session", tokens);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.bodyAsJsonObject().getString("errorCode")).isEqualTo("error.invalid.session.token");
    }

    @Test
    void sessionDetailsLogoutAndUnauthenticatedTime() {
        SimulatorHttp.Tokens tokens = http.loginTokens();

        JsonObject details = http.get("/api/v1/session", tokens).bodyAsJsonObject();
        assertThat(details.getString("streamEndpoint")).isEqualTo("ws://127.0.0.1:" + simulator.port() + "/");
        assertThat(details.getString("accountId")).isNotBlank();

        assertThat(http.get("/api/v1/time").bodyAsJsonObject().getLong("serverTime")).isEqualTo(clock.millis());

        assertThat(http.delete("/api/v1/session", tokens).statusCode()).isEqualTo(200);
        assertThat(http.get("/api/v1/ping", tokens).statusCode()).isEqualTo(401);
    }

    @Test
    void unknownTokensAndMissingTokensAreRejected() {
        HttpResponse<Buffer> unknown = http.get("/api/v1/ping", new SimulatorHttp.Tokens("forged", "forged"));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.bodyAsJsonObject().getString("errorCode")).isEqualTo("error.invalid.session.token");

        HttpResponse<Buffer> missing = http.get("/api/v1/ping");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.bodyAsJsonObject().getString("errorCode")).isEqualTo("error.null.client.token");
    }

    @Test
    void rotatedTokensArriveInResponseHeadersAndReplaceTheOldOnes() {
        SimulatorHttp.Tokens tokens = http.loginTokens();
        simulator.faults().rotateTokensOnNextResponse();

        HttpResponse<Buffer> response = http.get("/api/v1/ping", tokens);
        SimulatorHttp.Tokens rotated = SimulatorHttp.tokensOf(response);

        assertThat(rotated.cst()).isNotEqualTo(tokens.cst());
        assertThat(http.get("/api/v1/ping", tokens).statusCode()).isEqualTo(401);
        assertThat(http.get("/api/v1/ping", rotated).statusCode()).isEqualTo(200);
    }

    @Test
    void switchingAccountsIssuesANewAccountToken() {
        HttpResponse<Buffer> login = http.login();
        SimulatorHttp.Tokens tokens = SimulatorHttp.tokensOf(login);
        String second = login.bodyAsJsonObject().getJsonArray("accounts").getJsonObject(1).getString("accountId");

        HttpResponse<Buffer> switched = http.put("/api/v1/session", tokens, new JsonObject().put("accountId", second));

        assertThat(switched.statusCode()).isEqualTo(200);
        SimulatorHttp.Tokens afterSwitch = SimulatorHttp.tokensOf(switched);
        assertThat(afterSwitch.securityToken()).isNotEqualTo(tokens.securityToken());
        assertThat(http.get("/api/v1/session", afterSwitch).bodyAsJsonObject().getString("accountId")).isEqualTo(second);
        assertThat(http.put("/api/v1/session", afterSwitch, new JsonObject().put("accountId", "nope")).statusCode())
                .isEqualTo(400);
    }
}
