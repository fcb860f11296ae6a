package io.tickflow.simulators.polygon;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client socket of the Polygon simulator: whether it authenticated (and with which key) and its subscriptions, kept as
 * Massive spells them after normalisation ({@code XQ.BTC-USD}, {@code XT.*}). Writes happen on the socket's own event loop.
 */
final class PolygonConnection {

    private static final String FREEZE_HANDLER = "tickflow-freeze";

    final ServerWebSocket socket;
    private final HttpConnection connection;
    private final Context context;
    private final Thread eventLoopThread;
    final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    volatile boolean authenticated;
    volatile String apiKey;
    /** Half-open simulation: nothing is written, and nothing is read (not even WebSocket pings, so no pong goes back). */
    volatile boolean frozen;
    private volatile boolean closed;

    PolygonConnection(ServerWebSocket socket, HttpConnection connection, Context context) {
        this.socket = socket;
        this.connection = connection;
        this.context = context;
        this.eventLoopThread = Thread.currentThread();
    }

    boolean wants(String ev, String pair) {
        return authenticated && (subscriptions.contains(ev + "." + pair) || subscriptions.contains(ev + ".*"));
    }

    /** Writes one text message on the socket's loop; does nothing once closed or frozen. */
    void write(String message) {
        if (Thread.currentThread() == eventLoopThread) {
            writeNow(message);
        } else {
            context.runOnContext(ignored -> writeNow(message));
        }
    }

    private void writeNow(String message) {
        if (closed || frozen || socket.isClosed() || socket.writeQueueFull()) {
            return;
        }
        socket.writeTextMessage(message);
    }

    /** Sends {@code message} (if any), then closes with a WebSocket close frame. */
    void sendAndClose(String message, short statusCode, String reason) {
        context.runOnContext(ignored -> {
            if (socket.isClosed()) {
                return;
            }
            if (message != null && !frozen) {
                socket.writeTextMessage(message);
            }
            socket.close(statusCode, reason);
        });
    }

    /**
     * Kills the TCP connection without a close frame, like a network failure (through the Vert.x 4 internal Netty channel,
     * as the Capital.com simulator does; without it a close frame with 1011 is sent).
     */
    void closeAbruptly() {
        context.runOnContext(ignored -> {
            if (connection instanceof ConnectionBase base) {
                base.channel().close();
            } else if (!socket.isClosed()) {
                socket.close((short) 1011, "dropped by simulator");
            }
        });
    }

    /**
     * Half-open simulation: swallows every inbound byte before Vert.x sees it, so WebSocket pings are never answered
     * (Vert.x answers pings itself, even on a paused socket, and re-enables auto-read for its own flow control), and stops
     * writing. Uses the Vert.x 4 internal Netty channel, as {@link #closeAbruptly()} does; without it only writing stops.
     */
    void freeze() {
        frozen = true;
        context.runOnContext(ignored -> {
            if (connection instanceof ConnectionBase base && base.channel().pipeline().get(FREEZE_HANDLER) == null) {
                base.channel().pipeline().addFirst(FREEZE_HANDLER, new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object message) {
                        ReferenceCountUtil.release(message);
                    }
                });
            }
        });
    }

    void markClosed() {
        closed = true;
    }

    boolean isOpen() {
        return !closed && !socket.isClosed();
    }
}
