package io.tickflow.backtest.job;

import io.quarkus.runtime.StartupEvent;
import io.tickflow.backtest.BacktestConfig;
import io.tickflow.events.BacktestJob;
import io.tickflow.events.Topic;
import io.tickflow.messaging.TopicNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

/**
 * Fails the start-up when the worker class and the tasks channel disagree: a gpu pool reading the cpu topic would run
 * tasks meant for another pool, and an unknown class would read no tasks at all.
 */
@ApplicationScoped
public class WorkerClassCheck {

    static final String TOPIC_SETTING = "mp.messaging.incoming.backtest-tasks.topic";

    void check(@Observes StartupEvent event, BacktestConfig config, Config mp, TopicNames topics) {
        String workerClass = config.workerClass();
        if (!BacktestJob.WORKER_CLASSES.contains(workerClass)) {
            throw new IllegalStateException("tickflow.backtest.worker-class '" + workerClass
                    + "' is not one of " + BacktestJob.WORKER_CLASSES);
        }
        String expected = topics.name(Topic.backtestTasks(workerClass));
        String actual = mp.getOptionalValue(TOPIC_SETTING, String.class).orElse("");
        if (!expected.equals(actual)) {
            throw new IllegalStateException(TOPIC_SETTING + " is '" + actual + "' but tickflow.backtest.worker-class "
                    + workerClass + " reads " + expected + "; set both (see services/backtest/README.md)");
        }
    }
}
