package io.tickflow.backtest.job;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.tickflow.backtest.BacktestConfig;
import io.tickflow.backtest.sweep.SweepPlan;
import io.tickflow.domain.strategy.StrategyFactory;
import io.tickflow.events.BacktestJob;
import io.tickflow.events.BacktestSweep;
import io.tickflow.events.EventCodec;
import io.tickflow.events.InvalidEventException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Submit backtests (one run or a sweep), follow and cancel them, and read their results: per-task figures, trades and
 * equity as JSON or CSV, and several jobs side by side. A submitted job is split here, in the transaction that stores
 * it, into tasks that any worker of its class takes from Kafka. The paths and fields are a stable contract (the HTML
 * report and the CLI read them): see services/backtest/README.md.
 */
@Path("/api/backtests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BacktestResource {

    static final String CSV = "text/csv";
    private static final int MAX_PAGE = 200;

    /**
     * The request body; {@code jobId} is optional and makes a retried submission idempotent. {@code sweep} (optional)
     * has the shape of {@link BacktestSweep} (docs/topics.md); {@code workerClass} is cpu (default) or gpu.
     */
    public record BacktestRequest(UUID jobId, String strategy, Map<String, String> parameters,
            List<String> instruments, Instant from, Instant to, BigDecimal initialCapital, String requestedBy,
            Map<String, Object> sweep, String workerClass) {
    }

    @Inject
    BacktestRepository jobs;

    @Inject
    BacktestOutbox outbox;

    @Inject
    BacktestConfig config;

    @POST
    public Uni<Response> submit(BacktestRequest request) {
        if (request == null || request.strategy() == null) {
            throw new IllegalArgumentException("strategy is required; known: " + StrategyFactory.names());
        }
        Map<String, String> params = request.parameters() == null ? Map.of() : request.parameters();
        BacktestSweep sweep = sweep(request.sweep());
        if (sweep == null) {
            StrategyFactory.supplier(request.strategy(), params); // unknown strategy or bad parameters: 400 now
        } else {
            StrategyFactory.names().stream().filter(request.strategy()::equals).findAny().orElseThrow(() ->
                    new IllegalArgumentException("unknown strategy '" + request.strategy() + "'; known: "
                            + StrategyFactory.names()));
        }
        Instant now = Instant.now();
        BacktestJob job = new BacktestJob(BacktestJob.SCHEMA_VERSION, UUID.randomUUID(), now, now,
                request.jobId() == null ? UUID.randomUUID() : request.jobId(), request.strategy(), params,
                request.instruments(), request.from(), request.to(),
                request.initialCapital() == null ? new BigDecimal("10000") : request.initialCapital(),
                request.requestedBy() == null ? "api" : request.requestedBy(), sweep, request.workerClass());
        config.settings(job); // instruments without cost terms: 400 now, not a failed task later
        SweepPlan plan = SweepPlan.of(job);
        if (sweep != null && plan.firstPhase().stream()
                .allMatch(t -> !valid(job.strategyId(), t.parameters()))) {
            throw new IllegalArgumentException("the strategy rejects every parameter set of the sweep, e.g. "
                    + error(job.strategyId(), plan.firstPhase().get(0).parameters()));
        }
        String traceId = Span.current().getSpanContext().isValid() ? Span.current().getSpanContext().getTraceId()
                : null;
        return jobs.split(job, plan, true).invoke(outbox::wakeUp).map(split -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jobId", job.jobId());
            body.put("status", split.created() ? "RUNNING" : "EXISTS");
            body.put("tasks", plan.firstPhase().size() + plan.plannedOutOfSample());
            if (traceId != null) {
                body.put("traceId", traceId);
            }
            return Response.status(split.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                    .location(URI.create("/api/backtests/" + job.jobId())).entity(body).build();
        });
    }

    /** Jobs, newest first: {@code limit} (1..200, default 50) from {@code offset}. */
    @GET
    public Uni<List<BacktestRepository.JobSummaryView>> list(@QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("offset") @DefaultValue("0") int offset) {
        if (limit < 1 || limit > MAX_PAGE || offset < 0) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + " and offset not negative");
        }
        return jobs.list(limit, offset);
    }

    @GET
    @Path("/compare")
    public Uni<List<Map<String, Object>>> compare(@QueryParam("ids") String ids) {
        if (ids == null || ids.isBlank()) {
            throw new IllegalArgumentException("ids is required: ?ids=<jobId>,<jobId>,...");
        }
        List<UUID> jobIds = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(BacktestResource::uuid).toList();
        if (jobIds.size() > 20) {
            throw new IllegalArgumentException("compare at most 20 jobs at once");
        }
        List<Uni<Map<String, Object>>> each = new ArrayList<>();
        for (UUID id : jobIds) {
            each.add(view(id).map(v -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("jobId", v.jobId());
                row.put("status", v.status());
                row.put("strategy", v.definition().getString("strategyId"));
                row.put("parameters", v.summary() != null && v.summary().containsKey("bestParameters")
                        ? v.summary().getJsonObject("bestParameters") : v.definition().getJsonObject("parameters"));
                row.put("metrics", v.result());
                return row;
            }));
        }
        return Uni.join().all(each).andFailFast();
    }

    @GET
    @Path("/{jobId}")
    public Uni<BacktestRepository.JobView> get(@PathParam("jobId") UUID jobId) {
        return view(jobId);
    }

    /** Cancels a job: workers skip its remaining tasks; 409 when it finished already. */
    @DELETE
    @Path("/{jobId}")
    public Uni<Response> cancel(@PathParam("jobId") UUID jobId) {
        return jobs.cancel(jobId).invoke(outbox::wakeUp).map(p -> {
            BacktestRepository.Progress progress = p.orElseThrow(() -> new NotFoundException("no backtest " + jobId));
            if (!"CANCELLED".equals(progress.state())) {
                throw new jakarta.ws.rs.ClientErrorException("backtest " + jobId + " is " + progress.state()
                        + ": only a queued or running job can be cancelled", Response.Status.CONFLICT);
            }
            return Response.ok(Map.of("jobId", jobId, "progress", progress)).build();
        });
    }

    /** Every task: its parameters, window, state and figures (a sweep's heatmap reads this). */
    @GET
    @Path("/{jobId}/tasks")
    public Uni<List<BacktestRepository.TaskView>> tasks(@PathParam("jobId") UUID jobId) {
        return view(jobId).chain(v -> jobs.tasks(jobId));
    }

    /** The closed trades of the job's best task (or task {@code task}, by index), as JSON or CSV. */
    @GET
    @Path("/{jobId}/trades")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Uni<Response> trades(@PathParam("jobId") UUID jobId, @QueryParam("task") Integer task,
            @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return export(jobId, task, format, accept, jobs::trades, ResultExport.TRADE_COLUMNS);
    }

    /** The stored equity curve (one point per closed trade, per UTC midnight, and the last) as JSON or CSV. */
    @GET
    @Path("/{jobId}/equity")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Uni<Response> equity(@PathParam("jobId") UUID jobId, @QueryParam("task") Integer task,
            @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return export(jobId, task, format, accept, jobs::equity, ResultExport.EQUITY_COLUMNS);
    }

    private Uni<Response> export(UUID jobId, Integer task, String format, String accept,
            Function<UUID, Uni<List<Row>>> rows, List<String> columns) {
        boolean csv = "csv".equalsIgnoreCase(format)
                || (format == null && accept != null && accept.contains(CSV) && !accept.contains("json"));
        if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
            throw new IllegalArgumentException("format must be json or csv");
        }
        return view(jobId).chain(v -> jobs.exportedTask(jobId, task))
                .chain(t -> rows.apply(t.orElseThrow(() -> new NotFoundException("backtest " + jobId
                        + " has no finished task" + (task == null ? "" : " " + task)))))
                .map(r -> csv
                        ? Response.ok(ResultExport.csv(r, columns), CSV + "; charset=UTF-8").build()
                        : Response.ok(ResultExport.json(r, columns), MediaType.APPLICATION_JSON).build());
    }

    private Uni<BacktestRepository.JobView> view(UUID jobId) {
        return jobs.find(jobId).map(v -> v.orElseThrow(() -> new NotFoundException("no backtest " + jobId)));
    }

    private static BacktestSweep sweep(Map<String, Object> sweep) {
        if (sweep == null) {
            return null;
        }
        try { // through the events' codec, so REST and Kafka accept exactly the same sweeps
            return EventCodec.mapper().readValue(new JsonObject(sweep).encode(), BacktestSweep.class);
        } catch (Exception e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof InvalidEventException invalid) {
                    throw new InvalidEventException("invalid sweep: " + invalid.getMessage());
                }
            }
            throw new IllegalArgumentException("invalid sweep: " + e.getMessage());
        }
    }

    private static boolean valid(String strategy, Map<String, String> parameters) {
        return error(strategy, parameters) == null;
    }

    private static String error(String strategy, Map<String, String> parameters) {
        try {
            StrategyFactory.supplier(strategy, parameters);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + s + "' is not a job id");
        }
    }
}
