package io.tickflow.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import io.tickflow.cli.backfill.BackfillCommand;
import picocli.CommandLine.Command;

/**
 * {@code tickflow}: the operator's and quant's command line. Each subcommand talks to one service's REST API (never
 * to the database or Kafka directly), so it works the same against a laptop stack and a cluster port-forward.
 */
@TopCommand
@Command(name = "tickflow", mixinStandardHelpOptions = true, version = "tickflow 0.1.0",
        description = "Tickflow command line: backfill and import market data, run and watch backtests.",
        subcommands = {BackfillCommand.class, io.tickflow.cli.backtest.BacktestCommand.class,
                io.tickflow.cli.ticks.TicksCommand.class})
public class TickflowCommand {
}
