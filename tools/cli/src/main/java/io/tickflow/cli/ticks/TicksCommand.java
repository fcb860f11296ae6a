package io.tickflow.cli.ticks;

import picocli.CommandLine.Command;

/** {@code tickflow ticks}: the tick store (market-data). */
@Command(name = "ticks", mixinStandardHelpOptions = true, description = "The tick store: import ticks from CSV.",
        subcommands = {TickImportCommand.class})
public class TicksCommand {
}
