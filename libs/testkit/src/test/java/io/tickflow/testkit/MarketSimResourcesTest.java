package io.tickflow.testkit;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator resources start real simulators and hand out settings that reach them; no Quarkus needed to check that. */
class MarketSimResourcesTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void thePolygonResourcePointsTickflowPolygonSettingsAtARunningSimulator() throws Exception {
        PolygonSimResource resource = new PolygonSimResource();
        resource.init(Map.of("quotesPerSecond", "0"));
        try {
            Map<String, String> config = resource.start();

            assertThat(config.get("tickflow.polygon.stream-url")).matches("ws://127\\.0\\.0\\.1:\\d+/crypto");
            String rest = config.get("tickflow.polygon.rest-url");
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(rest
                    + "/v2/aggs/ticker/X:BTCUSD/range/1/hour/2026-03-02/2026-03-02?apiKey="
                    + config.get("tickflow.polygon.api-key"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"status\":\"OK\"", "\"results\"");
        } finally {
            resource.stop();
        }
    }

    @Test
    void theAlphaVantageResourcePointsTickflowAlphavantageSettingsAtARunningSimulator() throws Exception {
        AlphaVantageSimResource resource = new AlphaVantageSimResource();
        resource.init(Map.of());
        try {
            Map<String, String> config = resource.start();

            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(config.get("tickflow.alphavantage.base-url")
                    + "/query?function=WTI&interval=daily&apikey=" + config.get("tickflow.alphavantage.api-key"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"name\":\"Crude Oil Prices WTI\"");
        } finally {
            resource.stop();
        }
    }
}
