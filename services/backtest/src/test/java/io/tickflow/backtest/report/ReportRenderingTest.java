package io.tickflow.backtest.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tickflow.backtest.StoredTicks;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import java.math.BigDecimal;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sweep with an out-of-sample split runs to the end, then its report is opened in a real headless Chromium: every
 * chart (equity, drawdown, monthly returns, parameter heatmap, out-of-sample check) must have painted pixels on its
 * canvas, and the trade list must hold the trades the REST API returns.
 */
@QuarkusTest
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ReportRenderingTest {

    // two days, so the report has more than one daily equity point and crosses a UTC midnight
    private static final Instant T0 = Instant.parse("2026-10-31T12:00:00Z");
    private static final int TICKS = 1200;
    private static final Pattern BODY = Pattern.compile("<body([^>]*)>");

    @InjectTestContext
    TestContext ctx;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void storeTicks() throws Exception {
        // a zig-zag whose legs change length, so different moving-average pairs earn different returns
        StoredTicks.store(ctx.database(), "report-tick", T0, Duration.ofSeconds(120), TICKS, i -> {
            int period = 40 + (i / 300) * 20;
            int leg = (i / period) % 2 == 0 ? i % period : period - i % period;
            return new BigDecimal(90000 + leg * 10);
        });
    }

    @Test
    void theReportOfASweepDrawsEveryChartInChromium() throws Exception {
        Map<String, Object> sweep = Map.of("mode", "GRID", "metric", "totalReturn", "outOfSampleFraction", "0.3",
                "parameters", Map.of("fast", Map.of("values", List.of("3", "5")),
                        "slow", Map.of("from", "10", "to", "20", "step", "5")));
        String jobId = given().contentType(ContentType.JSON).body(Map.of("strategy", "ma-crossover",
                        "instruments", List.of("BTCUSD"), "from", T0.toString(),
                        "to", T0.plusSeconds(TICKS * 120L).toString(), "sweep", sweep))
                .post("/api/backtests").then().statusCode(202).extract().path("jobId");
        await("the sweep completes").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(
                () -> "COMPLETED".equals(given().get("/api/backtests/" + jobId).then().extract().path("status")));
        int trades = given().get("/api/backtests/" + jobId + "/trades").then().statusCode(200).extract()
                .jsonPath().getList("$").size();
        assertThat(trades).as("the best task traded").isPositive();

        String report = base + "api/backtests/" + jobId + "/report";
        String dom = HeadlessChromium.dumpDom(report, Duration.ofSeconds(20));
        HeadlessChromium.screenshot(report, Duration.ofSeconds(20), java.nio.file.Path.of("target", "backtest-report.png"));

        Matcher body = BODY.matcher(dom);
        assertThat(body.find()).as("a page was rendered: %s", dom.length() > 500 ? dom.substring(0, 500) : dom)
                .isTrue();
        String attributes = body.group(1);
        assertThat(attributes).as("report state (an error names its reason)").doesNotContain("data-report-error")
                .contains("data-report-state=\"ready\"");
        assertThat(attribute(attributes, "data-charts-total")).isEqualTo("5");
        assertThat(attribute(attributes, "data-charts-drawn")).isEqualTo("5");
        for (String chart : List.of("equity", "drawdown", "monthly", "heatmap", "oos")) {
            Matcher div = Pattern.compile("<div id=\"chart-" + chart + "\"[^>]*>").matcher(dom);
            assertThat(div.find()).as(chart).isTrue();
            assertThat(div.group()).as(chart + " painted").contains("data-drawn=\"true\"");
            assertThat(Long.parseLong(attribute(div.group(), "data-ink"))).as(chart + " painted pixels")
                    .isGreaterThan(200);
        }
        assertThat(dom).contains("<span id=\"trade-count\">(" + trades + ")</span>");
        assertThat(dom.split("<tr>", -1).length - 1).as("table rows: metrics + trade header + trades")
                .isGreaterThanOrEqualTo(trades + 1);
    }

    @Test
    void anUnknownJobHasNoReport() {
        given().get("/api/backtests/" + UUID.randomUUID() + "/report").then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? m.group(1) : null;
    }
}
