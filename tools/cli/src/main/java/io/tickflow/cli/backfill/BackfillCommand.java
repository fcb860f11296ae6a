package io.tickflow.cli.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.cli.ProgressBar;
import io.tickflow.cli.ServiceClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tickflow backfill}: asks market-data to load an instrument's bars for a date range from the sources'
 * history ({@code POST /api/backfill}), then follows the job ({@code GET /api/backfill/{id}}) with a progress bar
 * until it ends. The job runs in market-data, not here: interrupting the command leaves it running, and a job stopped
 * by a restart or a cancel continues with {@code --resume <id>} or by asking for the same range again.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Load an instrument's bars for a date range from history (market-data), with progress.",
        footer = {"", "Examples:",
                "  tickflow backfill --instrument BTCUSD --from 2026-11-01T00:00:00Z --to 2026-11-08T00:00:00Z",
                "  tickflow backfill --resume 7c9e6679-7425-40de-944b-e07fc1f90ae7",
                "Exit code: 0 when the job succeeded, 1 when it failed or was cancelled, 2 for bad arguments."})
public class BackfillCommand implements Callable<Integer> {

    static final Set<String> RESOLUTIONS = Set.of("MINUTE", "MINUTE_5", "HOUR");

    @Spec
    CommandSpec spec;

    @Option(names = "--instrument", description = "Instrument id, e.g. BTCUSD or OIL_CRUDE.")
    String instrument;

    @Option(names = "--from", description = "Start of the range, ISO-8601 UTC, e.g. 2026-11-01T00:00:00Z.")
    String from;

    @Option(names = "--to", description = "End of the range (exclusive), ISO-8601 UTC.")
    String to;

    @Option(names = "--resolution", defaultValue = "MINUTE",
            description = "Bar resolution: MINUTE, MINUTE_5 or HOUR (default ${DEFAULT-VALUE}).")
    String resolution;

    @Option(names = "--resume", paramLabel = "<id>",
            description = "Continue an interrupted (cancelled or failed) backfill job instead of starting one.")
    String resume;

    @Option(names = "--url", defaultValue = "${env:TICKFLOW_MARKET_DATA_URL:-http://localhost:18081}",
            description = "market-data's base URL (default ${DEFAULT-VALUE}; env TICKFLOW_MARKET_DATA_URL).")
    String url;

    @Option(names = "--poll-interval", defaultValue = "PT1S", description = "How often to ask for progress (ISO-8601"
            + " duration, default ${DEFAULT-VALUE}).")
    Duration pollInterval;

    /** What the arguments ask for: a new range ({@code body}) or the job to resume. */
    record Request(Map<String, String> body, String resumeId) {
    }

    @Override
    public Integer call() {
        Request request = validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServiceClient client = new ServiceClient(url);
        try {
            JsonNode job = request.resumeId() != null
                    ? client.post("/api/backfill/" + request.resumeId() + "/resume", Map.of())
                    : client.post("/api/backfill", request.body());
            String id = job.path("id").asText();
            out.printf("backfill %s: %s %s [%s, %s), %d pages%n", id, job.path("instrument").asText(),
                    job.path("resolution").asText(), job.path("from").asText(), job.path("to").asText(),
                    job.path("pagesTotal").asInt());
            out.flush();
            return follow(client, id, out, err);
        } catch (ServiceClient.ServiceException e) {
            err.println("backfill: " + e.getMessage());
            return 1;
        }
    }

    private int follow(ServiceClient client, String id, PrintWriter out, PrintWriter err) {
        ProgressBar bar = new ProgressBar(System.out, "backfill");
        while (true) {
            JsonNode job = client.get("/api/backfill/" + id);
            String state = job.path("state").asText();
            long rows = job.path("rowsWritten").asLong();
            bar.update(job.path("pagesDone").asLong(), job.path("pagesTotal").asLong(),
                    state + ", " + rows + " bars written");
            switch (state) {
                case "SUCCEEDED" -> {
                    bar.finish("done: " + rows + " new bars of " + job.path("rowsReceived").asLong() + " received"
                            + (job.hasNonNull("source") ? " (" + job.path("source").asText() + ")" : ""));
                    return 0;
                }
                case "FAILED", "CANCELLED" -> {
                    bar.finish(state);
                    err.println("backfill " + id + " " + state.toLowerCase(Locale.ROOT)
                            + (job.hasNonNull("error") ? ": " + job.path("error").asText() : "")
                            + "; continue it with: tickflow backfill --resume " + id);
                    return 1;
                }
                default -> {
                    // PENDING (waiting for the runner or a gap's last bar) or RUNNING
                }
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("interrupted; backfill " + id + " goes on in market-data (tickflow backfill --resume " + id
                        + " follows it again)");
                return 1;
            }
        }
    }

    /** Checks the arguments before anything is sent; bad ones end the command with usage help and exit code 2. */
    Request validate() {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw invalid("--poll-interval must be positive, was " + pollInterval);
        }
        if (resume != null) {
            if (instrument != null || from != null || to != null) {
                throw invalid("--resume continues an existing job: give it alone, without --instrument/--from/--to");
            }
            try {
                return new Request(null, UUID.fromString(resume.trim()).toString());
            } catch (IllegalArgumentException e) {
                throw invalid("--resume needs a job id (a UUID), was " + resume);
            }
        }
        if (instrument == null || instrument.isBlank()) {
            throw invalid("--instrument is required (or --resume <id>)");
        }
        Instant start = instant(from, "--from");
        Instant end = instant(to, "--to");
        if (!start.isBefore(end)) {
            throw invalid("--from (" + start + ") must be before --to (" + end + ")");
        }
        String res = resolution.trim().toUpperCase(Locale.ROOT);
        if (!RESOLUTIONS.contains(res)) {
            throw invalid("--resolution must be one of MINUTE, MINUTE_5, HOUR, was " + resolution);
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("instrument", instrument.trim().toUpperCase(Locale.ROOT));
        body.put("from", start.toString());
        body.put("to", end.toString());
        body.put("resolution", res);
        return new Request(body, null);
    }

    private Instant instant(String value, String option) {
        if (value == null || value.isBlank()) {
            throw invalid(option + " is required, e.g. " + option + " 2026-11-01T00:00:00Z");
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw invalid(option + " is not an ISO-8601 UTC instant (e.g. 2026-11-01T00:00:00Z): " + value);
        }
    }

    private ParameterException invalid(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
