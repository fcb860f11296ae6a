package io.tickflow.backtest.job;

import io.smallrye.mutiny.Uni;
import io.tickflow.domain.strategy.StrategyFactory;
import io.tickflow.events.BacktestJob;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Submit backtests and read their results. A submitted job runs on whichever worker takes it from Kafka. */
@Path("/api/backtests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BacktestResource {

    /** The request body; {@code jobId} is optional and makes a retried submission idempotent. */
    public record BacktestRequest(UUID jobId, String strategy, Map<String, String> parameters,
            List<String> instruments, Instant from, Instant to, BigDecimal initialCapital, String requestedBy) {
    }

    @Inject
    BacktestRepository jobs;

    @Inject
    BacktestOutbox outbox;

    @POST
    public Uni<Response> submit(BacktestRequest request) {
        if (request == null || request.strategy() == null) {
            throw new IllegalArgumentException("strategy is required; known: " + StrategyFactory.names());
        }
        Map<String, String> params = request.parameters() == null ? Map.of() : request.parameters();
        StrategyFactory.supplier(request.strategy(), params); // unknown strategy or bad parameters: 400 now
        Instant now = Instant.now();
        BacktestJob job = new BacktestJob(BacktestJob.SCHEMA_VERSION, UUID.randomUUID(), now, now,
                request.jobId() == null ? UUID.randomUUID() : request.jobId(), request.strategy(), params,
                request.instruments(), request.from(), request.to(),
                request.initialCapital() == null ? new BigDecimal("10000") : request.initialCapital(),
                request.requestedBy() == null ? "api" : request.requestedBy());
        return jobs.submit(job).invoke(outbox::wakeUp).map(created -> Response
                .status(created ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/api/backtests/" + job.jobId()))
                .entity(Map.of("jobId", job.jobId(), "status", created ? "QUEUED" : "EXISTS"))
                .build());
    }

    @GET
    @Path("/{jobId}")
    public Uni<BacktestRepository.JobView> get(@PathParam("jobId") UUID jobId) {
        return jobs.find(jobId).map(v -> v.orElseThrow(() -> new NotFoundException("no backtest " + jobId)));
    }
}
