package io.tickflow.signals;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/** Which strategy this signals instance runs: a name from {@code StrategyFactory} and its parameters. */
@ConfigMapping(prefix = "tickflow.signals")
public interface SignalsConfig {

    /** e.g. {@code ma-crossover} or {@code probe}. */
    @WithDefault("ma-crossover")
    String strategy();

    /** e.g. {@code tickflow.signals.parameters.fast=5}. */
    Map<String, String> parameters();
}
