package io.tickflow.marketdata.feed;

import static io.restassured.RestAssured.given;

import io.tickflow.events.EventCodec;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import io.tickflow.events.Tick;
import io.tickflow.events.Topic;
import io.tickflow.testkit.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading back what the merged feed published: ticks, source events and metrics. */
final class FeedTestSupport {

    private FeedTestSupport() {
    }

    /** Every BTCUSD tick on the ticks topic, in topic order, once {@code until} holds. */
    static List<Tick> ticksUntil(TestContext ctx, Duration timeout, Predicate<List<Tick>> until) {
        List<Tick>[] out = new List[1];
        ctx.kafka().awaitRecords(Topic.TICKS, timeout, records -> {
            out[0] = records.stream().filter(r -> "BTCUSD".equals(r.key()))
                    .map(r -> EventCodec.decode(r.value(), Tick.class)).toList();
            return until.test(out[0]);
        });
        return out[0];
    }

    /** Every source event of BTCUSD, in topic order, once {@code until} holds. */
    static List<SourceEvent> eventsUntil(TestContext ctx, Duration timeout, Predicate<List<SourceEvent>> until) {
        return ctx.kafka().awaitEvents(Topic.SOURCE_EVENTS, SourceEvent.class, timeout,
                events -> until.test(events.stream().filter(e -> e.instrument().equals("BTCUSD")).toList()))
                .stream().filter(e -> e.instrument().equals("BTCUSD")).toList();
    }

    static boolean has(List<SourceEvent> events, SourceEventKind kind, String source) {
        return events.stream().anyMatch(e -> e.kind() == kind && e.source().equals(source));
    }

    static SourceEvent last(List<SourceEvent> events, SourceEventKind kind) {
        return events.stream().filter(e -> e.kind() == kind).reduce((a, b) -> b).orElseThrow();
    }

    /** The value of one series on {@code /q/metrics}, e.g. {@code metric("tickflow_x_total", "instrument=\"BTCUSD\"")}. */
    static double metric(String name, String... labels) {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(scrape);
        while (m.find()) {
            String set = m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= set.contains(label);
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no series " + name + " with " + String.join(",", labels) + " in /q/metrics");
    }
}
