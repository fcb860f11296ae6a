package io.tickflow.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument validation of {@code tickflow backfill}: bad arguments never reach market-data (nothing listens here). */
class BackfillCommandTest {

    /** A URL where nothing listens: a command that passed validation would fail to connect (exit 1), not exit 2. */
    private static final String NOWHERE = "http://127.0.0.1:9";

    private record Run(int exitCode, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BackfillCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        String[] withUrl = new String[args.length + 2];
        System.arraycopy(args, 0, withUrl, 0, args.length);
        withUrl[args.length] = "--url";
        withUrl[args.length + 1] = NOWHERE;
        return new Run(cli.execute(withUrl), err.toString());
    }

    @Test
    void aRangeNeedsAnInstrumentAndTwoInstantsInOrder() {
        assertThat(run("--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("--instrument is required"));
        assertThat(run("--instrument", "BTCUSD", "--to", "2026-11-02T00:00:00Z").err()).contains("--from is required");
        assertThat(run("--instrument", "BTCUSD", "--from", "2026-11-01", "--to", "2026-11-02T00:00:00Z"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("--from is not an ISO-8601 UTC instant"));
        assertThat(run("--instrument", "BTCUSD", "--from", "2026-11-02T00:00:00Z", "--to", "2026-11-01T00:00:00Z"))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("must be before --to"));
        assertThat(run("--instrument", "BTCUSD", "--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z",
                "--resolution", "SECOND")).satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("--resolution must be one of MINUTE, MINUTE_5, HOUR"));
    }

    @Test
    void resumeTakesAJobIdAndNothingElse() {
        assertThat(run("--resume", "not-a-uuid")).satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("--resume needs a job id"));
        assertThat(run("--resume", "7c9e6679-7425-40de-944b-e07fc1f90ae7", "--instrument", "BTCUSD").err())
                .contains("give it alone");
    }

    @Test
    void validArgumentsGoToMarketDataAndAnUnreachableServiceIsExitCodeOne() {
        Run r = run("--instrument", "btcusd", "--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("cannot reach " + NOWHERE);

        BackfillCommand command = new BackfillCommand();
        new CommandLine(command).parseArgs("--instrument", "btcusd", "--from", "2026-11-01T00:00:00Z", "--to",
                "2026-11-02T00:00:00Z", "--resolution", "hour");
        assertThat(command.validate().body()).containsEntry("instrument", "BTCUSD").containsEntry("resolution", "HOUR")
                .containsEntry("from", "2026-11-01T00:00:00Z").containsEntry("to", "2026-11-02T00:00:00Z");
    }
}
