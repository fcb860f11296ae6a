package io.tickflow.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BacktestCommandTest {

    @Test
    void gridShortFormsBecomeTheSweepOfTheRequest() {
        assertThat(SweepSpec.range("5:20:5")).isEqualTo(Map.of("from", "5", "to", "20", "step", "5"));
        assertThat(SweepSpec.range("0.5:2")).isEqualTo(Map.of("from", "0.5", "to", "2"));
        assertThat(SweepSpec.range("20,40,60")).isEqualTo(Map.of("values", List.of("20", "40", "60")));
        assertThat(SweepSpec.range("7")).isEqualTo(Map.of("values", List.of("7")));
        assertThatThrownBy(() -> SweepSpec.range("5::5")).hasMessageContaining("from:to");
        assertThatThrownBy(() -> SweepSpec.range("a:9")).hasMessageContaining("not a number");

        Map<String, String> grid = new LinkedHashMap<>();
        grid.put("fast", "5:20:5");
        grid.put("slow", "20,40,60");
        Map<String, Object> random = SweepSpec.sweep(grid, 50, 7L, "0.3", null, null, null);
        assertThat(random).containsEntry("mode", "RANDOM").containsEntry("samples", 50).containsEntry("seed", 7L)
                .containsEntry("outOfSampleFraction", "0.3");
        assertThat(SweepSpec.sweep(grid, null, null, null, 3, "sortino", 2)).containsEntry("mode", "GRID")
                .containsEntry("walkForwardFolds", 3).containsEntry("metric", "sortino").containsEntry("topN", 2)
                .doesNotContainKey("samples");
        assertThat(SweepSpec.sweep(Map.of(), null, null, null, null, null, null)).isNull();
        assertThatThrownBy(() -> SweepSpec.sweep(Map.of(), 5, null, null, null, null, null))
                .hasMessageContaining("--grid");
        assertThat(SweepSpec.time("2026-11-24")).hasToString("2026-11-24T00:00:00Z");
    }

    @Test
    void submitBuildsTheRequestFromTheOptions() {
        CommandLine cli = new CommandLine(new BacktestCommand());
        CommandLine.ParseResult parsed = cli.parseArgs("submit", "-s", "ma-crossover", "-p", "fast=5", "-p", "slow=20",
                "--grid", "fast=5:20:5", "--grid", "slow=20,40,60", "--oos", "0.3", "-i", "BTCUSD",
                "--from", "2026-11-01", "--to", "2026-11-24T12:00:00Z");
        BacktestCommand.Submit submit = (BacktestCommand.Submit) parsed.subcommand().commandSpec().userObject();
        Map<String, Object> body = submit.request();
        assertThat(body).containsEntry("strategy", "ma-crossover").containsEntry("instruments", List.of("BTCUSD"))
                .containsEntry("from", "2026-11-01T00:00:00Z").containsEntry("to", "2026-11-24T12:00:00Z")
                .containsEntry("parameters", Map.of("fast", "5", "slow", "20"));
        @SuppressWarnings("unchecked")
        Map<String, Object> sweep = (Map<String, Object>) body.get("sweep");
        assertThat(sweep).containsEntry("mode", "GRID").containsEntry("outOfSampleFraction", "0.3");
    }

    @Test
    void failuresExitNonZeroWithTheReason() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BacktestCommand()).setErr(new PrintWriter(err));
        // nothing listens on port 9 of localhost: the service cannot be reached
        int exit = cli.execute("list", "--url", "http://127.0.0.1:9");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach");

        StringWriter err2 = new StringWriter();
        int bad = new CommandLine(new BacktestCommand()).setErr(new PrintWriter(err2)).execute("submit", "-s",
                "ma-crossover", "-i", "BTCUSD", "--from", "yesterday", "--to", "2026-11-24", "--url",
                "http://127.0.0.1:9");
        assertThat(bad).isEqualTo(1);
        assertThat(err2.toString()).contains("yesterday");
        assertThat(new CommandLine(new BacktestCommand()).setErr(new PrintWriter(new StringWriter()))
                .execute("export", "00000000-0000-0000-0000-000000000001")).isNotZero(); // --trades or --equity
    }

    @Test
    void figuresArePrintedWithoutExponents() throws Exception {
        var json = io.tickflow.cli.ServiceClient.json();
        assertThat(BacktestCommand.plain(json.readTree("{\"v\":\"0E-8\"}").get("v"))).isEqualTo("0.00000000");
        assertThat(BacktestCommand.plain(json.readTree("{\"v\":1.5E+3}").get("v"))).isEqualTo("1500");
        assertThat(BacktestCommand.plain(json.readTree("{\"v\":\"ma-crossover(fast=3)\"}").get("v")))
                .isEqualTo("ma-crossover(fast=3)");
        assertThat(BacktestCommand.plain(json.readTree("{\"v\":null}").get("v"))).isEqualTo("-");
    }
}
