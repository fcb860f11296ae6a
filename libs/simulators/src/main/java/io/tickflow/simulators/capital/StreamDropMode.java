package io.tickflow.simulators.capital;

/** How {@link SimulatorFaults#dropStreamingConnections(StreamDropMode)} takes streaming sockets down. */
public enum StreamDropMode {
    /** TCP closed without a WebSocket close frame, like a network failure. */
    ABRUPT,
    /** A close frame (1001 going away), like a server restart. */
    GRACEFUL,
    /** The socket stays open but goes silent in both directions (half-open): only a client-side silence watchdog notices. */
    FREEZE
}
