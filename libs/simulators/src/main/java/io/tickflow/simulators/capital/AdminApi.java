package io.tickflow.simulators.capital;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * The simulator's own control surface under {@code /sim}, JSON in and out, no authentication (it is a test double): fault
 * injection, the order log, counters and the latency probe. Everything here is also available from Java on
 * {@link CapitalComSimulator} and {@link SimulatorFaults}.
 */
final class AdminApi {

    static final String PREFIX = "/sim";

    private final CapitalComSimulator simulator;

    AdminApi(CapitalComSimulator simulator) {
        this.simulator = simulator;
    }

    void mount(Router router) {
        router.route(PREFIX + "/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        SimulatorFaults faults = simulator.faults();

        router.get(PREFIX + "/orders").handler(json((ctx, body) -> Map.of("orders", simulator.orders())));
        router.get(PREFIX + "/orders/summary").handler(json((ctx, body) -> simulator.orderSummary()));
        router.get(PREFIX + "/stats").handler(json((ctx, body) -> simulator.stats()));
        router.get(PREFIX + "/latency").handler(json((ctx, body) -> simulator.latency()));
        router.post(PREFIX + "/latency/reset").handler(json((ctx, body) -> {
            simulator.resetLatency();
            return ok();
        }));

        router.post(PREFIX + "/faults/drop-streams").handler(json((ctx, body) -> Map.of("dropped",
                faults.dropStreamingConnections(StreamDropMode.valueOf(body.path("mode").asText("ABRUPT"))))));
        router.post(PREFIX + "/faults/malformed-frame").handler(json((ctx, body) -> Map.of("sent",
                faults.sendMalformedFrame(body.hasNonNull("text") ? body.get("text").asText() : null))));
        router.post(PREFIX + "/faults/order-hang").handler(json((ctx, body) -> {
            faults.hangNextOrders(body.path("count").asInt(1), body.path("execute").asBoolean(true));
            return ok();
        }));
        router.post(PREFIX + "/faults/next-orders").handler(json((ctx, body) -> {
            faults.failNextOrders(ChaosFault.valueOf(required(body, "fault").asText()), body.path("count").asInt(1));
            return ok();
        }));
        router.get(PREFIX + "/faults/chaos").handler(json((ctx, body) -> faults.chaos()));
        router.put(PREFIX + "/faults/chaos").handler(json((ctx, body) -> {
            JsonNode rate = required(body, "rate");
            if (!rate.isNumber()) {
                throw new IllegalArgumentException("rate must be a number");
            }
            JsonNode seed = body.path("seed");
            if (!seed.isMissingNode() && !seed.isIntegralNumber()) {
                throw new IllegalArgumentException("seed must be an integer");
            }
            faults.startChaos(rate.asDouble(), seed.asLong(1));
            return faults.chaos();
        }));
        router.delete(PREFIX + "/faults/chaos").handler(json((ctx, body) -> {
            faults.stopChaos();
            return faults.chaos();
        }));
        router.post(PREFIX + "/faults/confirm-not-found").handler(json((ctx, body) -> {
            faults.failConfirmPolls(body.path("polls").asInt(1));
            return ok();
        }));
        router.post(PREFIX + "/faults/reject-logins").handler(json((ctx, body) -> {
            faults.rejectLogins(body.path("enabled").asBoolean(true));
            return ok();
        }));
        router.post(PREFIX + "/faults/expire-sessions").handler(json((ctx, body) -> {
            faults.expireAllSessions();
            return ok();
        }));
        router.post(PREFIX + "/faults/rotate-tokens").handler(json((ctx, body) -> {
            faults.rotateTokensOnNextResponse();
            return ok();
        }));
        router.post(PREFIX + "/faults/reset").handler(json((ctx, body) -> {
            faults.reset();
            return ok();
        }));

        router.post(PREFIX + "/streaming/:epic/stop").handler(json((ctx, body) -> {
            faults.stopStreaming(ctx.pathParam("epic"));
            return ok();
        }));
        router.post(PREFIX + "/streaming/:epic/start").handler(json((ctx, body) -> {
            faults.startStreaming(ctx.pathParam("epic"));
            return ok();
        }));
        router.put(PREFIX + "/markets/:epic/status").handler(json((ctx, body) -> {
            String status = body.path("status").asText(null);
            faults.forceMarketStatus(ctx.pathParam("epic"), status == null ? null : MarketStatus.valueOf(status));
            return ok();
        }));
        router.delete(PREFIX + "/markets/:epic/status").handler(json((ctx, body) -> {
            faults.forceMarketStatus(ctx.pathParam("epic"), null);
            return ok();
        }));
        router.put(PREFIX + "/network").handler(json((ctx, body) -> {
            simulator.network().set(java.time.Duration.ofMillis(body.path("rttMs").asLong()),
                    java.time.Duration.ofMillis(body.path("handshakeMs").asLong()));
            return ok();
        }));
        router.put(PREFIX + "/markets/:epic/quote-rate").handler(json((ctx, body) -> {
            simulator.setQuoteRate(ctx.pathParam("epic"), body.path("quotesPerSecond").asInt());
            return ok();
        }));
        router.post(PREFIX + "/markets/:epic/quotes").handler(json((ctx, body) ->
                Map.of("quotes", simulator.emitQuotes(ctx.pathParam("epic"), body.path("count").asInt(1)))));
    }

    private static JsonNode required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    private static Map<String, String> ok() {
        return Map.of("status", "OK");
    }

    /** Runs an admin action on the parsed body; bad input (unknown epic, bad enum) is a 400 with the reason. */
    private static Handler<RoutingContext> json(BiFunction<RoutingContext, JsonNode, Object> action) {
        return ctx -> {
            try {
                JsonNode body = Json.readBody(ctx.body() == null ? null : ctx.body().asString());
                String response = Json.write(action.apply(ctx, body));
                ctx.response().putHeader("Content-Type", "application/json").end(response);
            } catch (ApiError e) {
                ctx.response().setStatusCode(e.httpStatus).putHeader("Content-Type", "application/json")
                        .end(Json.write(Map.of("errorCode", e.errorCode)));
            } catch (IllegalArgumentException e) {
                ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                        .end(Json.write(Map.of("error", String.valueOf(e.getMessage()))));
            }
        };
    }
}
