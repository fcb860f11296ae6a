package io.tickflow.capital;

import io.smallrye.mutiny.Uni;
import io.tickflow.simulators.capital.CapitalComSimulatorConfig;
import io.tickflow.simulators.capital.ReceivedOrder;
import io.tickflow.simulators.capital.SimulatedQuote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CapitalComClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private SimulatorFixture fixture;
    private CapitalComClient client;

    private void start(CapitalComSimulatorConfig simulatorConfig) {
        fixture = new SimulatorFixture(simulatorConfig);
        client = fixture.client();
    }

    private void start() {
        start(CapitalComSimulatorConfig.defaults());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void plainLogin() {
        start();

        SessionInfo session = client.login().await().atMost(WAIT);

        assertThat(session.accountId()).isNotBlank();
        assertThat(session.streamingHost()).isEqualTo("ws://127.0.0.1:" + fixture.simulator.port() + "/");
        assertThat(session.toString()).doesNotContain(session.cst()).doesNotContain(session.securityToken());
        assertThat(fixture.simulator.stats().successfulLogins()).isEqualTo(1);
    }

    @Test
    void encryptedLogin() {
        start();
        client.close();
        client = new CapitalComClient(fixture.vertx, fixture.clientConfig().withEncryptedPassword(true));

        assertThat(client.login().await().atMost(WAIT).cst()).isNotBlank();
    }

    @Test
    void wrongCredentialsAreAnAuthError() {
        start(CapitalComSimulatorConfig.builder().password("something-else").build());

        assertThatThrownBy(() -> client.login().await().atMost(WAIT))
                .isInstanceOfSatisfying(CapitalComException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.errorCode()).isEqualTo("error.invalid.details");
                    assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
                });
    }

    @Test
    void concurrentCallersShareOneLogin() {
        start();

        List<Uni<SessionInfo>> callers = IntStream.range(0, 10).mapToObj(i -> client.session()).toList();
        List<SessionInfo> sessions = Uni.join().all(callers).andFailFast().await().atMost(WAIT);

        assertThat(sessions).extracting(SessionInfo::cst).containsOnly(sessions.getFirst().cst());
        assertThat(fixture.simulator.stats().successfulLogins()).isEqualTo(1);
        assertThat(client.loginCount()).isEqualTo(1);
    }

    @Test
    void explicitReloginsAreSpacedBeyondTheOnePerSecondLimit() {
        start();

        client.login().await().atMost(WAIT);
        client.login().await().atMost(WAIT);

        assertThat(fixture.simulator.stats().refusedLogins()).isZero();
        assertThat(fixture.simulator.stats().successfulLogins()).isEqualTo(2);
    }

    @Test
    void anExpiredTokenOnAReadLogsInAgainAndRetriesOnce() {
        start();
        client.login().await().atMost(WAIT);
        fixture.simulator.faults().expireAllSessions();

        List<OpenPosition> positions = client.positions().await().atMost(WAIT);

        assertThat(positions).isEmpty();
        assertThat(client.loginCount()).isEqualTo(2);
    }

    @Test
    void anExpiredTokenOnAWriteIsNotRetried() {
        start();
        client.login().await().atMost(WAIT);
        fixture.simulator.faults().expireAllSessions();

        assertThatThrownBy(() -> client.openPosition(order("0.0100")).await().atMost(WAIT))
                .isInstanceOfSatisfying(CapitalComException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("error.invalid.session.token"));
        assertThat(fixture.simulator.orders()).isEmpty();
    }

    @Test
    void rotatedTokensFromAResponseAreUsedFromThenOn() {
        start();
        String firstCst = client.login().await().atMost(WAIT).cst();
        fixture.simulator.faults().rotateTokensOnNextResponse();

        client.ping().await().atMost(WAIT);
        client.positions().await().atMost(WAIT);

        assertThat(client.currentSession().orElseThrow().cst()).isNotEqualTo(firstCst);
        assertThat(client.loginCount()).isEqualTo(1);
    }

    @Test
    void orderConfirmPositionsAndClose() {
        start();
        SimulatedQuote quote = fixture.simulator.lastQuote("BTCUSD");

        DealReference reference = client.openPosition(order("0.0100")).await().atMost(WAIT);
        DealConfirmation confirmation = client.confirm(reference.dealReference()).await().atMost(WAIT);

        assertThat(reference.dealReference()).startsWith("o_");
        assertThat(confirmation.accepted()).isTrue();
        assertThat(confirmation.reason()).isEqualTo("SUCCESS");
        assertThat(confirmation.direction()).isEqualTo(Direction.BUY);
        assertThat(confirmation.size()).isEqualByComparingTo("0.0100");
        assertThat(confirmation.level().scale()).isEqualTo(2);
        assertThat(confirmation.level()).isCloseTo(quote.ofr(), org.assertj.core.data.Offset.offset(new BigDecimal("2000")));
        String dealId = confirmation.positionDealId().orElseThrow();

        List<OpenPosition> positions = client.positions().await().atMost(WAIT);
        assertThat(positions).singleElement().satisfies(position -> {
            assertThat(position.dealId()).isEqualTo(dealId);
            assertThat(position.epic()).isEqualTo("BTCUSD");
            assertThat(position.level()).isEqualByComparingTo(confirmation.level());
            assertThat(position.createdAt()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(Duration.ofMinutes(1)));
        });

        DealReference closing = client.closePosition(dealId).await().atMost(WAIT);
        DealConfirmation closed = client.confirm(closing.dealReference()).await().atMost(WAIT);
        assertThat(closed.status()).isEqualTo("CLOSED");
        assertThat(closed.profit()).isNotNull();
        assertThat(client.positions().await().atMost(WAIT)).isEmpty();

        List<Activity> activity = client.activity(Instant.now().minusSeconds(60), Instant.now(), "BTCUSD").await().atMost(WAIT);
        assertThat(activity).extracting(a -> a.details().dealReference()).containsOnly("p_" + dealId);
    }

    @Test
    void aConfirm404IsSurfacedAndTheCallerMayPollAgain() {
        start();
        fixture.simulator.faults().failConfirmPolls(2);
        String reference = client.openPosition(order("0.0100")).await().atMost(WAIT).dealReference();

        for (int poll = 0; poll < 2; poll++) {
            assertThatThrownBy(() -> client.confirm(reference).await().atMost(WAIT))
                    .isInstanceOfSatisfying(CapitalComException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                        assertThat(e.errorCode()).isEqualTo("error.not-found.dealReference");
                    });
        }
        assertThat(client.confirm(reference).await().atMost(WAIT).accepted()).isTrue();
    }

    @Test
    void aTimedOutOrderIsAmbiguousAndNeverRetried() {
        start(CapitalComSimulatorConfig.builder().orderHangDuration(Duration.ofSeconds(5)).build());
        client.close();
        client = new CapitalComClient(fixture.vertx, fixture.clientConfig().withRequestTimeout(Duration.ofMillis(500)));
        client.login().await().atMost(WAIT);
        fixture.simulator.faults().hangNextOrders(1, true);

        assertThatThrownBy(() -> client.openPosition(order("0.0100")).await().atMost(WAIT))
                .isInstanceOfSatisfying(CapitalComTimeoutException.class, e -> {
                    assertThat(e.method()).isEqualTo("POST");
                    assertThat(e.path()).isEqualTo("/positions");
                });

        // Exactly one order reached the broker, and it stays one: nothing is resent behind the caller's back.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> fixture.simulator.orders().size() == 1);
        ReceivedOrder order = fixture.simulator.orders().getFirst();
        assertThat(order.hung()).isTrue();
        assertThat(order.outcome()).as("the order was filled although the client timed out").isEqualTo("ACCEPTED");
        assertThat(client.positions().await().atMost(WAIT)).hasSize(1);
    }

    @Test
    void validationErrorsKeepTheFullCode() {
        start();

        assertThatThrownBy(() -> client.openPosition(order("0.0100").withStopLevel(new BigDecimal("1.00"))).await().atMost(WAIT))
                .isInstanceOfSatisfying(CapitalComException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
                    assertThat(e.errorCode()).matches("error\\.invalid\\.stoploss\\.minvalue: \\d+\\.\\d{2}");
                });
    }

    @Test
    void marketDetailsAndPricesAreExactDecimals() {
        start();

        MarketDetails market = client.market("BTCUSD").await().atMost(WAIT);
        assertThat(market.instrument().epic()).isEqualTo("BTCUSD");
        assertThat(market.dealingRules().minSizeIncrement().value()).isEqualByComparingTo("0.0001");
        assertThat(market.dealingRules().minDealSize().value()).isEqualByComparingTo("0.0001");
        assertThat(market.snapshot().tradeable()).isTrue();
        assertThat(market.snapshot().bid().scale()).isEqualTo(2);
        assertThat(market.instrument().openingHours().isOpen(Instant.parse("2026-03-07T12:00:00Z"))).isTrue();
        MarketDetails oil = client.market("OIL_CRUDE").await().atMost(WAIT);
        assertThat(oil.instrument().openingHours().isOpen(Instant.parse("2026-03-07T12:00:00Z"))).isFalse();

        List<PriceBar> bars = client.prices("BTCUSD", "MINUTE", Instant.now().minus(Duration.ofHours(2)), null, 30)
                .await().atMost(WAIT);
        assertThat(bars).hasSize(30);
        assertThat(bars.getFirst().start()).isBefore(bars.getLast().start());
        assertThat(bars.getFirst().closeAsk()).isGreaterThan(bars.getFirst().closeBid());

        assertThatThrownBy(() -> client.market("NOPE").await().atMost(WAIT))
                .isInstanceOfSatisfying(CapitalComException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void requestsArePacedBelowTheBrokersLimit() {
        start();
        client.login().await().atMost(WAIT);

        List<Uni<Void>> burst = IntStream.range(0, 25).mapToObj(i -> client.ping()).toList();
        Uni.join().all(burst).andFailFast().await().atMost(WAIT);

        assertThat(fixture.simulator.stats().rateLimitedRequests()).isZero();
    }

    @Test
    void anUnreachableBrokerIsATransportError() {
        start();
        CapitalComConfig nowhere = CapitalComConfig.of(URI.create("http://127.0.0.1:1"), "key", "id", "pw");

        try (CapitalComClient unreachable = new CapitalComClient(fixture.vertx, nowhere)) {
            assertThatThrownBy(() -> unreachable.login().await().atMost(WAIT))
                    .isInstanceOfSatisfying(CapitalComException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TRANSPORT));
        }
    }

    @Test
    void theLiveHostIsRefusedUnlessEnabledAndSecretsNeverPrint() {
        start();
        CapitalComConfig live = CapitalComConfig.of(CapitalComConfig.LIVE_BASE_URL, "the-api-key", "me@example.com", "the-password");

        assertThatThrownBy(() -> new CapitalComClient(fixture.vertx, live)).isInstanceOf(IllegalArgumentException.class);
        assertThat(live.toString()).doesNotContain("the-api-key").doesNotContain("the-password");
        new CapitalComClient(fixture.vertx, live.withLiveTradingEnabled(true)).close();
    }

    private static OpenPositionRequest order(String size) {
        return OpenPositionRequest.market("BTCUSD", Direction.BUY, new BigDecimal(size));
    }
}
