package io.tickflow.capital;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Streaming behaviour.
 *
 * @param overrideUrl       WebSocket URL to use instead of the session's {@code streamingHost + "connect"}; null for none
 * @param pingInterval      ping period (Capital.com wants one at least every 10 minutes)
 * @param silenceTimeout    no frame at all (not even a ping answer) for this long means a dead socket: reconnect
 * @param initialBackoff    first reconnect delay; doubles per failed attempt
 * @param maxBackoff        reconnect delay cap
 * @param jitter            +/- fraction applied to every delay (0.2 = 20 %), so many clients do not reconnect in step
 * @param maxEpicsPerSocket Capital.com allows 40; more epics open more sockets
 * @param connectTimeout    WebSocket handshake timeout
 */
public record StreamingConfig(URI overrideUrl, Duration pingInterval, Duration silenceTimeout, Duration initialBackoff,
                              Duration maxBackoff, double jitter, int maxEpicsPerSocket, Duration connectTimeout) {

    public StreamingConfig {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(silenceTimeout, "silenceTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
        if (maxEpicsPerSocket < 1 || maxEpicsPerSocket > 40) {
            throw new IllegalArgumentException("maxEpicsPerSocket must be in [1, 40]");
        }
        if (silenceTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("silenceTimeout must exceed pingInterval, or every quiet market looks dead");
        }
    }

    /** Ping every 60 s, silence after 150 s, reconnect from 500 ms backing off to 30 s with 20 % jitter. */
    public static StreamingConfig defaults() {
        return new StreamingConfig(null, Duration.ofSeconds(60), Duration.ofSeconds(150), Duration.ofMillis(500),
                Duration.ofSeconds(30), 0.2, 40, Duration.ofSeconds(10));
    }

    public StreamingConfig withOverrideUrl(URI url) {
        return new StreamingConfig(url, pingInterval, silenceTimeout, initialBackoff, maxBackoff, jitter, maxEpicsPerSocket,
                connectTimeout);
    }

    public StreamingConfig withPing(Duration interval, Duration silence) {
        return new StreamingConfig(overrideUrl, interval, silence, initialBackoff, maxBackoff, jitter, maxEpicsPerSocket,
                connectTimeout);
    }

    public StreamingConfig withBackoff(Duration initial, Duration max) {
        return new StreamingConfig(overrideUrl, pingInterval, silenceTimeout, initial, max, jitter, maxEpicsPerSocket,
                connectTimeout);
    }

    public StreamingConfig withMaxEpicsPerSocket(int max) {
        return new StreamingConfig(overrideUrl, pingInterval, silenceTimeout, initialBackoff, maxBackoff, jitter, max,
                connectTimeout);
    }
}
