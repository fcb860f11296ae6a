package io.tickflow.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every Kafka topic of Tickflow, with its event type, record key and partition count. This is the one place topic
 * names are defined; services name them again only as channel topics in application.properties, and a contract test
 * checks those against this enum. docs/topics.md documents each one with an example that a test decodes.
 *
 * <p>Keys decide ordering: market data is keyed by instrument (all of an instrument's ticks in one partition, in
 * order), orders and fills by order id (every change of one order in order), alerts by fingerprint (so compaction
 * and de-duplication see one problem in one place), backtests by job id, backtest tasks by task id (a job's tasks
 * spread over every partition, so every worker of the class shares one job).
 */
public enum Topic {
    TICKS("tickflow.market.ticks.v1", Tick.class, Key.INSTRUMENT, 6, "market-data", "signals"),
    BARS("tickflow.market.bars.v1", Bar.class, Key.INSTRUMENT, 6, "market-data", "signals"),
    SOURCE_EVENTS("tickflow.market.source-events.v1", SourceEvent.class, Key.INSTRUMENT, 3, "market-data",
            "alerting"),
    SIGNALS("tickflow.signals.v1", Signal.class, Key.INSTRUMENT, 6, "signals", "execution"),
    ORDER_INTENTS("tickflow.orders.intents.v1", OrderIntent.class, Key.ORDER_ID, 6, "operators", "execution"),
    ORDER_EVENTS("tickflow.orders.events.v1", OrderEvent.class, Key.ORDER_ID, 6, "execution", "alerting"),
    FILLS("tickflow.orders.fills.v1", Fill.class, Key.ORDER_ID, 6, "execution", "alerting"),
    POSITIONS("tickflow.positions.v1", PositionSnapshot.class, Key.INSTRUMENT, 3, "execution", "alerting"),
    ALERTS("tickflow.alerts.v1", Alert.class, Key.FINGERPRINT, 3, "alerting", "operators"),
    KILL_SWITCH("tickflow.control.kill-switch.v1", KillSwitchCommand.class, Key.CONSTANT, 1, "operators",
            "execution"),
    BACKTEST_JOBS("tickflow.backtest.jobs.v1", BacktestJob.class, Key.JOB_ID, 6, "backtest, operators", "backtest"),
    BACKTEST_RESULTS("tickflow.backtest.results.v1", BacktestResult.class, Key.JOB_ID, 3, "backtest", "operators"),
    BACKTEST_TASKS_CPU("tickflow.backtest.tasks.cpu.v1", BacktestTask.class, Key.TASK_ID, 12, "backtest",
            "backtest"),
    BACKTEST_TASKS_GPU("tickflow.backtest.tasks.gpu.v1", BacktestTask.class, Key.TASK_ID, 6, "backtest",
            "backtest"),
    BACKTEST_PROGRESS("tickflow.backtest.progress.v1", BacktestProgress.class, Key.JOB_ID, 3, "backtest",
            "operators");

    /** What a topic's record key holds. */
    public enum Key {
        INSTRUMENT("instrument id, e.g. BTCUSD"),
        ORDER_ID("order id (UUID)"),
        FINGERPRINT("alert fingerprint"),
        JOB_ID("backtest job id (UUID)"),
        TASK_ID("backtest task id (UUID)"),
        CONSTANT("the constant kill-switch (one partition, commands in order)");

        private final String description;

        Key(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** The tasks topic of backtest workers of {@code workerClass} (cpu or gpu). */
    public static Topic backtestTasks(String workerClass) {
        return switch (BacktestJob.checkWorkerClass(workerClass)) {
            case BacktestJob.GPU -> BACKTEST_TASKS_GPU;
            default -> BACKTEST_TASKS_CPU;
        };
    }

    /** Suffix of every dead-letter topic: {@code <topic>.dlq}. */
    public static final String DLQ_SUFFIX = ".dlq";

    private final String topicName;
    private final Class<? extends TickflowEvent> eventType;
    private final Key key;
    private final int partitions;
    private final String producers;
    private final String consumers;

    Topic(String topicName, Class<? extends TickflowEvent> eventType, Key key, int partitions, String producers,
            String consumers) {
        this.topicName = topicName;
        this.eventType = eventType;
        this.key = key;
        this.partitions = partitions;
        this.producers = producers;
        this.consumers = consumers;
    }

    public String topicName() {
        return topicName;
    }

    public String deadLetterTopic() {
        return topicName + DLQ_SUFFIX;
    }

    public Class<? extends TickflowEvent> eventType() {
        return eventType;
    }

    public Key key() {
        return key;
    }

    public int partitions() {
        return partitions;
    }

    public String producers() {
        return producers;
    }

    public String consumers() {
        return consumers;
    }

    public static Optional<Topic> byName(String topicName) {
        return Arrays.stream(values()).filter(t -> t.topicName.equals(topicName)).findFirst();
    }
}
