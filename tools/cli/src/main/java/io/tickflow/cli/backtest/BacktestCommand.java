package io.tickflow.cli.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.cli.ProgressBar;
import io.tickflow.cli.ServiceClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tickflow backtest}: submit a run or a sweep, watch its progress, list, inspect, cancel and export. Talks to
 * the backtest service's REST API only (services/backtest/README.md). Every command exits non-zero on failure, with
 * the service's problem detail as the message.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Run, watch, cancel and export backtests (parameter sweeps split over the workers).",
        subcommands = {BacktestCommand.Submit.class, BacktestCommand.Watch.class, BacktestCommand.ListJobs.class,
                BacktestCommand.Get.class, BacktestCommand.Cancel.class, BacktestCommand.Export.class})
public class BacktestCommand {

    static final String PATH = "/api/backtests";

    /** The service address, shared by every subcommand. */
    public static class Connection {
        @Option(names = "--url", defaultValue = "${env:TICKFLOW_BACKTEST_URL:-http://localhost:18084}",
                description = "backtest service base URL (env TICKFLOW_BACKTEST_URL; default ${DEFAULT-VALUE})")
        String url;

        ServiceClient client() {
            return new ServiceClient(url);
        }

        String reportUrl(String jobId) {
            return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + PATH + "/" + jobId + "/report";
        }
    }

    /** Runs a command body, turning a service or input error into a message and exit code 1. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            try {
                return run();
            } catch (ServiceClient.ServiceException | IllegalArgumentException e) {
                err().println("tickflow backtest " + spec.name() + ": " + e.getMessage());
                err().flush();
                return 1;
            }
        }

        abstract int run();

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Submit a backtest: one parameter set, or a sweep (--grid, --random) with an optional"
                    + " out-of-sample check (--oos, --folds).")
    public static class Submit extends Base {
        @Option(names = {"-s", "--strategy"}, required = true, description = "strategy name, e.g. ma-crossover")
        String strategy;

        @Option(names = {"-p", "--param"}, description = "fixed parameter, e.g. -p fast=5 -p slow=20")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--grid", description = "swept parameter: name=from:to[:step] or name=v1,v2,..."
                + " (e.g. --grid fast=5:20:5 --grid slow=20,40,60)")
        Map<String, String> grid = new LinkedHashMap<>();

        @Option(names = "--random", description = "draw N random sets from the --grid ranges instead of all")
        Integer random;

        @Option(names = "--seed", description = "seed of --random (the same seed gives the same sets)")
        Long seed;

        @Option(names = "--oos", description = "fraction of the range held out at its end, e.g. 0.3")
        String oos;

        @Option(names = "--folds", description = "walk-forward folds instead of --oos")
        Integer folds;

        @Option(names = "--metric", description = "ranking metric (sharpe, sortino, totalReturn, cagr, calmar,"
                + " profitFactor, winRate, maxDrawdown); default sharpe")
        String metric;

        @Option(names = "--top", description = "best in-sample sets run out-of-sample per fold (default 1)")
        Integer top;

        @Option(names = {"-i", "--instrument"}, required = true, split = ",",
                description = "instrument(s), e.g. -i BTCUSD or -i BTCUSD,OIL_CRUDE")
        List<String> instruments;

        @Option(names = "--from", required = true, description = "start, ISO instant or UTC date (yyyy-mm-dd)")
        String from;

        @Option(names = "--to", required = true, description = "end (exclusive), ISO instant or UTC date")
        String to;

        @Option(names = "--capital", description = "initial capital (default 10000)")
        String capital;

        @Option(names = "--worker-class", description = "cpu (default) or gpu")
        String workerClass;

        @Option(names = "--job-id", description = "job id to make a retried submission idempotent")
        UUID jobId;

        @Option(names = "--watch", description = "follow the progress until the job ends")
        boolean watch;

        @Option(names = "--interval", defaultValue = "PT1S", description = "poll interval of --watch (ISO-8601)")
        Duration interval;

        @Override
        int run() {
            Map<String, Object> body = request();
            JsonNode answer = connection.client().post(PATH, body);
            String id = answer.path("jobId").asText();
            out().println("backtest " + id + " " + answer.path("status").asText() + ", "
                    + answer.path("tasks").asInt() + " task(s)");
            if (answer.hasNonNull("traceId")) {
                out().println("trace id " + answer.get("traceId").asText());
            }
            out().flush();
            return watch ? Watch.follow(connection, id, interval, out()) : 0;
        }

        Map<String, Object> request() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (jobId != null) {
                body.put("jobId", jobId.toString());
            }
            body.put("strategy", strategy);
            body.put("parameters", parameters);
            body.put("instruments", instruments);
            body.put("from", SweepSpec.time(from).toString());
            body.put("to", SweepSpec.time(to).toString());
            if (capital != null) {
                body.put("initialCapital", capital);
            }
            body.put("requestedBy", System.getProperty("user.name", "cli"));
            Map<String, Object> sweep = SweepSpec.sweep(grid, random, seed, oos, folds, metric, top);
            if (sweep != null) {
                body.put("sweep", sweep);
            }
            if (workerClass != null) {
                body.put("workerClass", workerClass);
            }
            return body;
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Show a job's progress bar until it ends, then its summary and report URL.")
    public static class Watch extends Base {
        @Parameters(index = "0", description = "job id")
        UUID jobId;

        @Option(names = "--interval", defaultValue = "PT1S", description = "poll interval (ISO-8601)")
        Duration interval;

        @Override
        int run() {
            return follow(connection, jobId.toString(), interval, out());
        }

        /** Polls the job until it is finished; 0 when it completed, 1 when it failed or was cancelled. */
        static int follow(Connection connection, String id, Duration interval, PrintWriter out) {
            ServiceClient client = connection.client();
            out.flush();
            ProgressBar bar = new ProgressBar(System.out, "backtest " + id.substring(0, 8));
            while (true) {
                JsonNode job = client.get(PATH + "/" + id);
                String status = job.path("status").asText();
                JsonNode progress = job.path("progress");
                bar.update(progress.path("tasksDone").asLong() + progress.path("tasksFailed").asLong(),
                        progress.path("tasksTotal").asLong(0), status);
                if (List.of("COMPLETED", "FAILED", "CANCELLED").contains(status)) {
                    bar.finish(status);
                    summary(job, out);
                    out.println("report: " + connection.reportUrl(id));
                    out.flush();
                    return "COMPLETED".equals(status) ? 0 : 1;
                }
                try {
                    Thread.sleep(interval.toMillis()); // polling a remote service, not test synchronisation
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ServiceClient.ServiceException("interrupted");
                }
            }
        }

        static void summary(JsonNode job, PrintWriter out) {
            JsonNode result = job.path("result");
            JsonNode summary = job.path("summary");
            if (result.hasNonNull("error")) {
                out.println("error: " + result.get("error").asText());
            }
            if (summary.hasNonNull("bestParameters")) {
                out.println("best parameters (" + summary.path("metric").asText() + "): "
                        + summary.get("bestParameters"));
            }
            for (String f : List.of("strategyId", "finalEquity", "totalReturn", "sharpe", "sortino", "maxDrawdown",
                    "winRate", "profitFactor", "closedTrades")) {
                if (result.hasNonNull(f)) {
                    out.println("  " + f + " = " + plain(result.get(f)));
                }
            }
            for (JsonNode check : summary.path("outOfSample")) {
                out.println("  out-of-sample fold " + check.path("fold").asInt() + " " + check.path("parameters")
                        + ": in-sample " + plain(check.path("inSample")) + ", out-of-sample "
                        + plain(check.path("outOfSample")));
            }
        }
    }

    /** A figure as a person writes it: exact decimals without exponent (0E-8 is 0.00000000), missing as "-". */
    static String plain(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "-";
        }
        if (value.isNumber()) {
            return value.decimalValue().toPlainString();
        }
        if (value.isTextual()) {
            try {
                return new java.math.BigDecimal(value.asText()).toPlainString();
            } catch (NumberFormatException notANumber) {
                return value.asText();
            }
        }
        return value.toString();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs, newest first.")
    public static class ListJobs extends Base {
        @Option(names = "--limit", defaultValue = "20", description = "how many (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--offset", defaultValue = "0", description = "skip this many")
        int offset;

        @Override
        int run() {
            JsonNode jobs = connection.client().get(PATH + "?limit=" + limit + "&offset=" + offset);
            out().printf("%-36s  %-9s  %-14s  %-9s  %s%n", "JOB", "STATUS", "STRATEGY", "TASKS", "SUBMITTED");
            for (JsonNode j : jobs) {
                JsonNode p = j.path("progress");
                String tasks = p.path("tasksTotal").isNull() || p.path("tasksTotal").isMissingNode() ? "-"
                        : (p.path("tasksDone").asInt() + p.path("tasksFailed").asInt()) + "/"
                                + p.path("tasksTotal").asInt();
                out().printf("%-36s  %-9s  %-14s  %-9s  %s%n", j.path("jobId").asText(), j.path("status").asText(),
                        j.path("strategy").asText(), tasks, j.path("submittedAt").asText());
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a job (definition, progress,"
            + " result, summary) as JSON.")
    public static class Get extends Base {
        @Parameters(index = "0", description = "job id")
        UUID jobId;

        @Override
        int run() {
            JsonNode job = connection.client().get(PATH + "/" + jobId);
            try {
                out().println(ServiceClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(job));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job: workers skip the"
            + " tasks not started yet and stop the running ones at their next page.")
    public static class Cancel extends Base {
        @Parameters(index = "0", description = "job id")
        UUID jobId;

        @Override
        int run() {
            JsonNode answer = connection.client().delete(PATH + "/" + jobId);
            JsonNode p = answer.path("progress");
            out().println("backtest " + jobId + " " + p.path("state").asText() + " after "
                    + p.path("tasksDone").asInt() + " of " + p.path("tasksTotal").asInt() + " task(s)");
            out().flush();
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Export the trades or the equity"
            + " curve of a job's best task (or --task N) as JSON or CSV.")
    public static class Export extends Base {
        @Parameters(index = "0", description = "job id")
        UUID jobId;

        @ArgGroup(exclusive = true, multiplicity = "1")
        What what;

        static class What {
            @Option(names = "--trades", required = true, description = "closed trades")
            boolean trades;

            @Option(names = "--equity", required = true, description = "equity curve")
            boolean equity;
        }

        @Option(names = "--csv", description = "CSV with a header line (default JSON)")
        boolean csv;

        @Option(names = "--task", description = "task index (default: the job's best task)")
        Integer task;

        @Option(names = {"-o", "--output"}, description = "write to this file instead of standard output")
        Path output;

        @Override
        int run() {
            String path = PATH + "/" + jobId + "/" + (what.trades ? "trades" : "equity") + "?format="
                    + (csv ? "csv" : "json") + (task == null ? "" : "&task=" + task);
            String body = connection.client().getText(path);
            if (output == null) {
                out().print(body);
                out().flush();
            } else {
                try {
                    Files.writeString(output, body, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot write " + output + ": " + e.getMessage());
                }
                out().println("wrote " + output);
                out().flush();
            }
            return 0;
        }
    }
}
