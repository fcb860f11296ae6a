package io.tickflow.simulators.capital;

import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client's streaming socket and what it subscribed to. Writes always happen on the socket's own event loop: the quote timer
 * may run elsewhere (Quarkus has several loops) and the latency probe wants the time of the actual write.
 */
final class StreamConnection {

    final ServerWebSocket socket;
    private final HttpConnection connection;
    private final Context context;
    private final Thread eventLoopThread;
    final Set<String> quoteEpics = ConcurrentHashMap.newKeySet();
    final Set<OhlcSubscription> ohlcSubscriptions = ConcurrentHashMap.newKeySet();
    volatile Session session;
    volatile Instant lastClientFrameAt;
    /** Half-open simulation: the socket stays up but nothing is written or read any more. */
    volatile boolean frozen;
    private volatile boolean closed;

    record OhlcSubscription(String epic, PriceResolution resolution) {
        String key() {
            return epic + ":" + resolution + ":classic";
        }
    }

    StreamConnection(ServerWebSocket socket, HttpConnection connection, Context context, Instant now) {
        this.socket = socket;
        this.connection = connection;
        this.context = context;
        this.eventLoopThread = Thread.currentThread();
        this.lastClientFrameAt = now;
    }

    int subscribedEpicCount() {
        return quoteEpics.size();
    }

    /** Writes on the socket's loop and reports the write time; does nothing once closed or frozen. */
    void write(String frame, WriteListener listener) {
        if (Thread.currentThread() == eventLoopThread) {
            writeNow(frame, listener);
        } else {
            context.runOnContext(ignored -> writeNow(frame, listener));
        }
    }

    interface WriteListener {
        WriteListener NONE = (nanos, written) -> { };

        /** @param written false when the frame was dropped because the client does not keep up */
        void onWrite(long writtenNanos, boolean written);
    }

    private void writeNow(String frame, WriteListener listener) {
        // The close handler runs after the socket is already closed, so check the socket too, not just our flag.
        if (closed || frozen || socket.isClosed()) {
            return;
        }
        if (socket.writeQueueFull()) {
            listener.onWrite(System.nanoTime(), false);
            return;
        }
        long nanos = System.nanoTime();
        socket.writeTextMessage(frame);
        listener.onWrite(nanos, true);
    }

    void markClosed() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    void closeGracefully(short statusCode, String reason) {
        context.runOnContext(ignored -> {
            if (!socket.isClosed()) {
                socket.close(statusCode, reason);
            }
        });
    }

    /**
     * Kills the TCP connection without a WebSocket close frame, the way a network failure does. Vert.x has no public API for
     * that, so we reach for the Netty channel of its connection (Vert.x 4 internal, stable across 4.x); without it we fall back
     * to a close frame with 1011.
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
}
