package io.tickflow.capitalsim;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An HTTP server of its own on Quarkus's Vert.x, for a simulated vendor that real clients reach on another host than
 * Capital.com. The router is built and the server listens on one event-loop context, so the simulator's timers and its
 * sockets share a thread, as on the simulator's standalone server.
 */
final class SimulatorServer {

    private static final long START_TIMEOUT_SECONDS = 30;

    private final HttpServer server;

    private SimulatorServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Runs {@code mount} on a fresh event-loop context, then listens on {@code host:port}.
     *
     * @param setting the port's setting, named when the port is taken
     */
    static SimulatorServer start(Vertx vertx, String host, int port, String setting, Consumer<Router> mount) {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<HttpServer> listening = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            try {
                Router router = Router.router(vertx);
                mount.accept(router);
                vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true))
                        .requestHandler(router)
                        .listen()
                        .onSuccess(listening::complete)
                        .onFailure(listening::completeExceptionally);
            } catch (RuntimeException e) {
                listening.completeExceptionally(e);
            }
        });
        try {
            return new SimulatorServer(listening.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            throw new IllegalStateException(setting + "=" + port + ": cannot listen on " + host + ":" + port + " ("
                    + e.getCause().getMessage() + ")", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(setting + "=" + port + ": not listening after " + START_TIMEOUT_SECONDS
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the server of " + setting, e);
        }
    }

    int port() {
        return server.actualPort();
    }

    void close() {
        server.close();
    }

    /** A JSON admin endpoint: the handler's result as the body; 404 naming what is unknown (a pair, a symbol). */
    static void admin(Router router, String path, Function<RoutingContext, JsonObject> handler) {
        router.post(path).handler(ctx -> answer(ctx, handler));
    }

    static void adminGet(Router router, String path, Function<RoutingContext, JsonObject> handler) {
        router.get(path).handler(ctx -> answer(ctx, handler));
    }

    private static void answer(RoutingContext ctx, Function<RoutingContext, JsonObject> handler) {
        JsonObject body;
        try {
            body = handler.apply(ctx);
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", e.getMessage()).encode());
            return;
        }
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }
}
