package io.tickflow.backtest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.util.Map;

@ConfigMapping(prefix = "tickflow.backtest")
public interface BacktestConfig {

    /** Position size a signal targets per instrument, as in execution, so a backtest trades like live. */
    Map<String, BigDecimal> orderSize();

    /** Rows fetched per round trip when streaming ticks; bounds a worker's memory whatever the range. */
    @WithDefault("2000")
    int fetchSize();

    @WithDefault("${quarkus.application.version:dev}")
    String codeVersion();
}
