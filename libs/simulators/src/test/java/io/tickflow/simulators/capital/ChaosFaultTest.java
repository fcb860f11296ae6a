package io.tickflow.simulators.capital;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The seeded chaos mode of the order path: every fault kind, determinism by seed, and a 10,000-order run that reconciles. */
class ChaosFaultTest {

    private static final Instant NOW = Instant.parse("2026-03-04T10:15:30Z");
    private static final Duration HANG = Duration.ofMillis(300);
    private static final long CLIENT_TIMEOUT_MILLIS = 5_000;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private record Sim(CapitalComSimulator simulator, SimulatorHttp http, SimulatorHttp.Tokens tokens) {
    }

    private Sim start(Consumer<CapitalComSimulatorConfig.Builder> customise) {
        CapitalComSimulatorConfig.Builder builder = CapitalComSimulatorConfig.builder().clock(new ManualClock(NOW))
                .quotesPerSecond(0).maxRequestsPerSecondPerSession(0).maxLoginsPerSecondPerApiKey(0).orderHangDuration(HANG);
        customise.accept(builder);
        CapitalComSimulator simulator = CapitalComSimulator.start(builder.build());
        resources.add(simulator);
        SimulatorHttp http = new SimulatorHttp(simulator);
        resources.add(http);
        return new Sim(simulator, http, http.loginTokens());
    }

    /** What the client saw of one order: a status, or no answer at all (the connection closed, or the client timed out). */
    private record Answer(int status, JsonObject body, Throwable failure, long millis) {
        boolean answered() {
            return failure == null;
        }
    }

    private static Future<HttpResponse<Buffer>> order(Sim sim) {
        return sim.http().postAsync("/api/v1/positions", sim.tokens(),
                new JsonObject().put("epic", "BTCUSD").put("direction", "BUY").put("size", 0.01), CLIENT_TIMEOUT_MILLIS);
    }

    /** Blocks until the client has its answer (or its failure); no polling, so a run of many orders stays fast. */
    private static Answer answerOf(Future<HttpResponse<Buffer>> pending, long startNanos) {
        try {
            HttpResponse<Buffer> response = pending.toCompletionStage().toCompletableFuture()
                    .get(CLIENT_TIMEOUT_MILLIS + 5_000, TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.bodyAsJsonObject(), null, elapsedMillis(startNanos));
        } catch (ExecutionException e) {
            return new Answer(0, null, e.getCause(), elapsedMillis(startNanos));
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the client never completed", e);
        }
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static Answer send(Sim sim) {
        long start = System.nanoTime();
        return answerOf(order(sim), start);
    }

    private static JsonArray positions(Sim sim) {
        return sim.http().get("/api/v1/positions", sim.tokens()).bodyAsJsonObject().getJsonArray("positions");
    }

    private static JsonArray positionActivities(Sim sim) {
        return sim.http().get("/api/v1/history/activity?filter=type==POSITION", sim.tokens()).bodyAsJsonObject()
                .getJsonArray("activities");
    }

    /** The first seed whose first draw at rate 1 is {@code kind}: forces a kind through the real chaos path. */
    private static long seedWhoseFirstFaultIs(ChaosFault kind) {
        return LongStream.range(0, 10_000)
                .filter(seed -> SimulatorFaults.chaosSequence(1.0, seed, 1).getFirst() == kind)
                .findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------- each kind

    @ParameterizedTest
    @EnumSource(ChaosFault.class)
    void eachFaultKindDoesWhatItSays(ChaosFault kind) {
        Sim sim = start(builder -> builder.chaos(1.0, seedWhoseFirstFaultIs(kind)));

        long startNanos = System.nanoTime();
        Future<HttpResponse<Buffer>> pending = order(sim);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> sim.simulator().orders().size() == 1);
        sim.simulator().faults().stopChaos(); // the checks below must not draw again
        boolean executes = kind.brokerProcessesOrder();
        // Executed (or not) before the client hears anything: visible to a reconciler while a hung answer is still held.
        assertThat(positions(sim)).hasSize(executes ? 1 : 0);
        Answer answer = answerOf(pending, startNanos);

        ReceivedOrder received = sim.simulator().orders().getFirst();
        assertThat(received.fault()).isEqualTo(kind);
        assertThat(received.executed()).isEqualTo(executes);
        assertThat(received.hung()).isEqualTo(kind.hangs());
        assertThat(received.outcome()).isEqualTo(executes ? "ACCEPTED" : "NOT_EXECUTED");
        assertThat(received.epic()).isEqualTo("BTCUSD");

        switch (kind) {
            case EXECUTE_THEN_HANG -> {
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body().getString("dealReference")).isEqualTo(received.dealReference());
                assertThat(answer.millis()).isGreaterThanOrEqualTo(HANG.toMillis() - 20);
            }
            case HANG_WITHOUT_EXECUTING -> {
                assertThat(answer.failure()).isInstanceOf(HttpClosedException.class);
                assertThat(answer.millis()).isGreaterThanOrEqualTo(HANG.toMillis() - 20).isLessThan(CLIENT_TIMEOUT_MILLIS);
            }
            case RESET_AFTER_EXECUTE, RESET_BEFORE_EXECUTE -> {
                assertThat(answer.failure()).as("no HTTP response at all").isInstanceOf(HttpClosedException.class);
                assertThat(answer.millis()).as("closed at once, not held").isLessThan(HANG.toMillis());
            }
            case SERVER_ERROR_BEFORE_EXECUTE -> assertError(answer, 500, "error.internal");
            case SERVER_ERROR_AFTER_EXECUTE -> assertError(answer, 502, "error.bad-gateway");
            case RATE_LIMITED -> assertError(answer, 429, "error.too-many.requests");
            case CONFIRM_NOT_FOUND -> {
                assertThat(answer.status()).isEqualTo(200);
                String reference = answer.body().getString("dealReference");
                for (int poll = 0; poll < ChaosFault.CONFIRM_NOT_FOUND_POLLS; poll++) {
                    HttpResponse<Buffer> missing = sim.http().get("/api/v1/confirms/" + reference, sim.tokens());
                    assertThat(missing.statusCode()).isEqualTo(404);
                    assertThat(missing.bodyAsJsonObject().getString("errorCode")).isEqualTo("error.not-found.dealReference");
                }
                HttpResponse<Buffer> found = sim.http().get("/api/v1/confirms/" + reference, sim.tokens());
                assertThat(found.statusCode()).isEqualTo(200);
                assertThat(found.bodyAsJsonObject().getString("dealStatus")).isEqualTo("ACCEPTED");
            }
        }

        if (executes) {
            assertThat(received.dealReference()).startsWith("o_");
            assertThat(received.dealId()).isNotBlank();
            JsonObject position = positions(sim).getJsonObject(0).getJsonObject("position");
            assertThat(position.getString("dealId")).isEqualTo(received.dealId());
            assertThat(position.getString("dealReference")).isEqualTo("p_" + received.dealId());
            assertThat(position.getString("createdDateUTC")).isEqualTo("2026-03-04T10:15:30.000");
            assertThat(positionActivities(sim)).singleElement()
                    .satisfies(activity -> assertThat(((JsonObject) activity).getString("dealId")).isEqualTo(received.dealId()));
            if (kind != ChaosFault.CONFIRM_NOT_FOUND) {
                // The client may never have seen the o_ reference, but the broker knows it.
                assertThat(sim.http().get("/api/v1/confirms/" + received.dealReference(), sim.tokens()).statusCode())
                        .isEqualTo(200);
            }
        } else {
            assertThat(received.dealReference()).isNull();
            assertThat(received.dealId()).isNull();
            assertThat(positions(sim)).isEmpty();
            assertThat(positionActivities(sim)).isEmpty();
        }

        OrderSummary summary = sim.simulator().orderSummary();
        assertThat(summary.received()).isEqualTo(1);
        assertThat(summary.executed()).isEqualTo(executes ? 1 : 0);
        assertThat(summary.faultedTotal()).isEqualTo(1);
        assertThat(summary.faulted()).containsEntry(kind, 1L).hasSize(ChaosFault.values().length);
        assertThat(summary.positionsOpen()).isEqualTo(executes ? 1 : 0);

        // The session survived the fault: the next order (chaos now off) is answered normally.
        Answer next = send(sim);
        assertThat(next.status()).isEqualTo(200);
        assertThat(sim.simulator().orders().get(1).fault()).isNull();
    }

    private static void assertError(Answer answer, int status, String errorCode) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.body().getString("errorCode")).isEqualTo(errorCode);
    }

    @Test
    void afterExecuteFaultsStillSpoilTheAnswerOfARejectedOrder() {
        Sim sim = start(builder -> { });
        sim.simulator().faults().forceMarketStatus("BTCUSD", MarketStatus.CLOSED);
        sim.simulator().faults().failNextOrders(ChaosFault.SERVER_ERROR_AFTER_EXECUTE, 1);

        assertError(send(sim), 502, "error.bad-gateway");
        ReceivedOrder received = sim.simulator().orders().getFirst();
        assertThat(received.outcome()).isEqualTo("REJECTED");
        assertThat(received.detail()).isEqualTo("MARKET_CLOSED");
        assertThat(received.executed()).isFalse();
        assertThat(received.fault()).isEqualTo(ChaosFault.SERVER_ERROR_AFTER_EXECUTE);
    }

    @Test
    void armedFaultsWinOverChaosAndAreReachableOverHttp() {
        Sim sim = start(builder -> builder.chaos(1.0, seedWhoseFirstFaultIs(ChaosFault.RATE_LIMITED)));
        assertThat(sim.http().post("/sim/faults/next-orders", null,
                new JsonObject().put("fault", "SERVER_ERROR_BEFORE_EXECUTE").put("count", 1)).statusCode()).isEqualTo(200);
        assertThat(sim.http().post("/sim/faults/next-orders", null, new JsonObject().put("fault", "NOPE")).statusCode())
                .isEqualTo(400);

        assertError(send(sim), 500, "error.internal");
        assertError(send(sim), 429, "error.too-many.requests"); // the first chaos draw, not consumed by the armed fault
        assertThat(sim.simulator().faults().chaos().draws()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- determinism and switching

    @Test
    void theSameSeedGivesTheSameFaultSequence() {
        int orders = 120;
        Sim configured = start(builder -> builder.chaos(0.4, 7).orderHangDuration(Duration.ofMillis(20)));
        Sim switchedOn = start(builder -> builder.orderHangDuration(Duration.ofMillis(20)));
        JsonObject status = switchedOn.http().put("/sim/faults/chaos", null, new JsonObject().put("rate", 0.4).put("seed", 7))
                .bodyAsJsonObject();
        assertThat(status.getBoolean("enabled")).isTrue();
        assertThat(status.getDouble("rate")).isEqualTo(0.4);
        assertThat(status.getLong("seed")).isEqualTo(7L);

        for (int i = 0; i < orders; i++) {
            send(configured);
            send(switchedOn);
        }

        List<ChaosFault> expected = SimulatorFaults.chaosSequence(0.4, 7, orders);
        assertThat(expected).as("a run long enough to meet every kind").contains(ChaosFault.values());
        assertThat(configured.simulator().orders()).extracting(ReceivedOrder::fault).containsExactlyElementsOf(expected);
        assertThat(switchedOn.simulator().orders()).extracting(ReceivedOrder::fault).containsExactlyElementsOf(expected);
        assertThat(switchedOn.simulator().orders()).extracting(ReceivedOrder::executed)
                .containsExactlyElementsOf(configured.simulator().orders().stream().map(ReceivedOrder::executed).toList());
        assertThat(configured.simulator().faults().chaos().hits()).isEqualTo(expected.stream().filter(Objects::nonNull).count());

        // Restarting with the same seed replays the sequence from its start; another seed deals other faults.
        assertThat(SimulatorFaults.chaosSequence(0.4, 8, orders)).isNotEqualTo(expected);
        configured.simulator().faults().startChaos(0.4, 7);
        for (int i = 0; i < 20; i++) {
            send(configured);
        }
        assertThat(configured.simulator().orders().subList(orders, orders + 20)).extracting(ReceivedOrder::fault)
                .containsExactlyElementsOf(expected.subList(0, 20));
    }

    @Test
    void rateZeroMeansNoFaults() {
        Sim sim = start(builder -> builder.chaos(0, 7));
        assertThat(sim.simulator().faults().chaos().enabled()).isFalse();
        assertThat(sim.http().put("/sim/faults/chaos", null, new JsonObject().put("rate", 0).put("seed", 3)).bodyAsJsonObject()
                .getBoolean("enabled")).isFalse();

        for (int i = 0; i < 50; i++) {
            assertThat(send(sim).status()).isEqualTo(200);
        }
        assertThat(sim.simulator().orders()).hasSize(50).allSatisfy(order -> {
            assertThat(order.fault()).isNull();
            assertThat(order.executed()).isTrue();
        });
        OrderSummary summary = sim.simulator().orderSummary();
        assertThat(summary.faultedTotal()).isZero();
        assertThat(summary.faulted().values()).containsOnly(0L);
        assertThat(summary.executed()).isEqualTo(50);
        assertThat(positions(sim)).hasSize(50);
    }

    @Test
    void chaosIsSwitchedOnAndOffOverHttp() {
        Sim sim = start(builder -> { });
        SimulatorHttp http = sim.http();
        assertThat(http.get("/sim/faults/chaos").bodyAsJsonObject().getBoolean("enabled")).isFalse();
        assertThat(http.put("/sim/faults/chaos", null, new JsonObject().put("rate", 1.5)).statusCode()).isEqualTo(400);
        assertThat(http.put("/sim/faults/chaos", null, new JsonObject().put("seed", 3)).statusCode()).isEqualTo(400);
        assertThat(http.put("/sim/faults/chaos", null, new JsonObject().put("rate", "lots")).statusCode()).isEqualTo(400);

        JsonObject started = http.put("/sim/faults/chaos", null, new JsonObject().put("rate", 0.25)).bodyAsJsonObject();
        assertThat(started.getBoolean("enabled")).isTrue();
        assertThat(started.getLong("seed")).as("default seed").isEqualTo(1L);
        assertThat(http.delete("/sim/faults/chaos", null).bodyAsJsonObject().getBoolean("enabled")).isFalse();
        assertThat(send(sim).status()).isEqualTo(200);

        sim.simulator().faults().startChaos(1.0, 1);
        assertThat(http.post("/sim/faults/reset", null, new JsonObject()).statusCode()).isEqualTo(200);
        assertThat(sim.simulator().faults().chaos().enabled()).as("reset means a healthy broker").isFalse();

        JsonObject summary = http.get("/sim/orders/summary").bodyAsJsonObject();
        assertThat(summary.getLong("received")).isEqualTo(1);
        assertThat(summary.getLong("executed")).isEqualTo(1);
        assertThat(summary.getLong("positionsOpen")).isEqualTo(1);
        assertThat(summary.getLong("faultedTotal")).isZero();
        assertThat(summary.getJsonObject("faulted").fieldNames()).hasSize(ChaosFault.values().length)
                .contains("RESET_AFTER_EXECUTE", "CONFIRM_NOT_FOUND");
    }

    @Test
    void chaosSettingsAreValidated() {
        assertThatThrownBy(() -> CapitalComSimulatorConfig.builder().chaos(-0.1, 1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CapitalComSimulatorConfig.builder().chaos(Double.NaN, 1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CapitalComSimulatorConfig.builder().chaos(0.25, 7).build().toBuilder().build())
                .satisfies(config -> {
                    assertThat(config.chaosRate()).isEqualTo(0.25);
                    assertThat(config.chaosSeed()).isEqualTo(7L);
                });
    }

    @Test
    void theOrderLogKeepsItsCapacityButTheTotalsDropNothing() {
        OrderLog log = new OrderLog(3);
        for (int i = 0; i < 5; i++) {
            long sequence = log.nextSequence();
            log.append(new ReceivedOrder(sequence, NOW, 0, "BTCUSD", "BUY", null, null, "ACCEPTED", null, false, true,
                    "deal-" + i, i % 2 == 0 ? ChaosFault.RATE_LIMITED : null));
        }
        assertThat(log.snapshot()).extracting(ReceivedOrder::sequence).containsExactly(3L, 4L, 5L);
        OrderSummary summary = log.summary(5);
        assertThat(summary.received()).isEqualTo(5);
        assertThat(summary.executed()).isEqualTo(5);
        assertThat(summary.faulted()).containsEntry(ChaosFault.RATE_LIMITED, 3L);
    }

    // ---------------------------------------------------------------- the 10,000-order run

    /**
     * The scenario: 10,000 orders with a quarter of them hit. Every order that executed must be findable by a
     * reconciler in {@code GET /positions} and {@code GET /history/activity}, and {@code GET /positions} with ~9,000 positions
     * must stay fast enough to be polled every second.
     */
    @Test
    void tenThousandChaosOrdersAllReconcile() {
        int orders = 10_000;
        int inFlight = 64;
        Sim sim = start(builder -> builder.chaos(0.25, 7).orderHangDuration(Duration.ofMillis(5)).orderLogCapacity(20_000));

        for (int sent = 0; sent < orders; sent += inFlight) {
            long batchStart = System.nanoTime();
            List<Future<HttpResponse<Buffer>>> batch = new ArrayList<>();
            for (int i = sent; i < Math.min(orders, sent + inFlight); i++) {
                batch.add(order(sim));
            }
            batch.forEach(pending -> answerOf(pending, batchStart));
        }

        List<ReceivedOrder> log = sim.simulator().orders();
        assertThat(log).hasSize(orders);
        List<ChaosFault> dealt = SimulatorFaults.chaosSequence(0.25, 7, orders);
        OrderSummary summary = sim.simulator().orderSummary();
        assertThat(summary.received()).isEqualTo(orders);
        assertThat(summary.faultedTotal()).isEqualTo(dealt.stream().filter(Objects::nonNull).count())
                .isBetween(2_300L, 2_700L);
        for (ChaosFault kind : ChaosFault.values()) {
            assertThat(summary.faulted().get(kind)).as(kind.name())
                    .isEqualTo(dealt.stream().filter(fault -> fault == kind).count());
        }
        List<String> executedDealIds = log.stream().filter(ReceivedOrder::executed).map(ReceivedOrder::dealId).toList();
        long dropped = dealt.stream().filter(fault -> fault != null && !fault.brokerProcessesOrder()).count();
        assertThat(summary.executed()).isEqualTo(executedDealIds.size()).isEqualTo(orders - dropped);
        assertThat(summary.positionsOpen()).isEqualTo(executedDealIds.size());

        long startNanos = System.nanoTime();
        JsonArray positions = positions(sim);
        long positionsMillis = (System.nanoTime() - startNanos) / 1_000_000;
        assertThat(positions).hasSize(executedDealIds.size());
        List<String> positionDealIds = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            JsonObject position = positions.getJsonObject(i).getJsonObject("position");
            assertThat(position.getString("createdDateUTC")).isNotBlank();
            assertThat(position.getString("dealReference")).isEqualTo("p_" + position.getString("dealId"));
            positionDealIds.add(position.getString("dealId"));
        }
        assertThat(positionDealIds).containsExactlyInAnyOrderElementsOf(executedDealIds);
        assertThat(positionActivities(sim)).extracting(activity -> ((JsonObject) activity).getString("dealId"))
                .containsExactlyInAnyOrderElementsOf(executedDealIds);

        // Linear, not quadratic: generous bound for a loaded 2-core CI box (a warm call takes a few tens of ms).
        for (int i = 0; i < 3; i++) {
            long again = System.nanoTime();
            assertThat(positions(sim)).hasSize(executedDealIds.size());
            positionsMillis = Math.min(positionsMillis, (System.nanoTime() - again) / 1_000_000);
        }
        System.out.printf("GET /positions with %d positions: %d ms%n", executedDealIds.size(), positionsMillis);
        assertThat(positionsMillis).isLessThan(1_000);
    }
}
