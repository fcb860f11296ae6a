package io.tickflow.simulators.capital;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-04T10:15:30Z"));
    private CapitalComSimulator simulator;
    private SimulatorHttp http;

    @BeforeEach
    void start() {
        simulator = CapitalComSimulator.start(CapitalComSimulatorConfig.builder().clock(clock).build());
        http = new SimulatorHttp(simulator);
    }

    @AfterEach
    void stop() {
        http.close();
        simulator.close();
    }

    @Test
    void theEleventhRequestWithinOneSecondIsRefusedAndTheBudgetComesBack() {
        SimulatorHttp.Tokens tokens = http.loginTokens();
        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/api/v1/ping", tokens).statusCode()).isEqualTo(200);
        }

        HttpResponse<Buffer> refused = http.get("/api/v1/ping", tokens);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.bodyAsJsonObject().getString("errorCode")).isEqualTo("error.too-many.requests");
        assertThat(simulator.stats().rateLimitedRequests()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(http.get("/api/v1/ping", tokens).statusCode()).isEqualTo(200);
    }

    @Test
    void theLimitIsConfigurable() {
        simulator.close();
        simulator = CapitalComSimulator.start(CapitalComSimulatorConfig.builder().clock(clock)
                .maxRequestsPerSecondPerSession(0).build());
        http.close();
        http = new SimulatorHttp(simulator);
        SimulatorHttp.Tokens tokens = http.loginTokens();

        for (int i = 0; i < 30; i++) {
            assertThat(http.get("/api/v1/ping", tokens).statusCode()).isEqualTo(200);
        }
    }
}
