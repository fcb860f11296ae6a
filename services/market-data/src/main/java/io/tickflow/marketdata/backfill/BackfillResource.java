package io.tickflow.marketdata.backfill;

import io.smallrye.common.annotation.Blocking;
import io.tickflow.domain.instrument.Instruments;
import io.tickflow.events.BarResolution;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The backfill command: {@code POST /api/backfill {instrument, from, to, resolution?}} answers 202 with the job
 * (asking again for the same range resumes that range's unfinished job), {@code GET /api/backfill/{id}} shows its
 * progress, {@code DELETE} cancels it, {@code POST /api/backfill/{id}/resume} continues it from its cursor. Errors
 * are RFC 7807 problems.
 */
@Path("/api/backfill")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BackfillResource {

    /** The body of {@code POST /api/backfill}; times are ISO-8601 instants, resolution as Capital.com or Tickflow names it. */
    public record BackfillRequest(String instrument, String from, String to, String resolution) {
    }

    @Inject
    BackfillJobs jobs;

    @Inject
    BackfillRunner runner;

    @Inject
    BackfillConfig config;

    @POST
    public Response submit(BackfillRequest request) throws SQLException {
        if (request == null) {
            throw new IllegalArgumentException("a body {instrument, from, to, resolution?} is required");
        }
        String instrument = request.instrument() == null ? null : request.instrument().trim().toUpperCase(Locale.ROOT);
        if (instrument == null || instrument.isEmpty()) {
            throw new IllegalArgumentException("instrument is required");
        }
        if (Instruments.find(instrument).isEmpty()) {
            throw new IllegalArgumentException("unknown instrument " + instrument + " (known: "
                    + Instruments.all().stream().map(i -> i.id()).toList() + ")");
        }
        BarResolution resolution = resolution(request.resolution());
        Instant from = instant(request.from(), "from");
        Instant to = instant(request.to(), "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        Instant now = Instant.now();
        // the bar in progress at the source is never final: the range ends with the last closed bar
        Instant lastClosed = BackfillPlan.floor(now, resolution);
        BackfillPlan plan = BackfillPlan.aligned(from, to.isAfter(lastClosed) ? lastClosed : to, resolution);
        if (!plan.from().isBefore(plan.to())) {
            throw new IllegalArgumentException("[" + from + ", " + to + ") holds no closed " + resolution + " bar yet");
        }
        if (Duration.between(plan.from(), plan.to()).compareTo(config.maxRange()) > 0) {
            throw new IllegalArgumentException("the range is longer than tickflow.backfill.max-range ("
                    + config.maxRange() + "): split it");
        }
        if (!runner.served(instrument, resolution)) {
            throw new IllegalArgumentException("no history source serves " + instrument + " " + resolution
                    + " (tickflow.backfill.sources=" + config.sources() + ")");
        }
        BackfillJobs.Submitted submitted = jobs.createOrResume(BackfillKind.MANUAL, instrument, resolution, plan.from(),
                plan.to(), now);
        return Response.accepted(submitted.job()).location(URI.create("/api/backfill/" + submitted.job().id()))
                .build();
    }

    @GET
    @Path("{id}")
    public BackfillJob get(@PathParam("id") String id) throws SQLException {
        return jobs.find(uuid(id)).orElseThrow(() -> new NotFoundException("no backfill " + id));
    }

    @GET
    public List<BackfillJob> recent(@QueryParam("limit") Integer limit) throws SQLException {
        int n = limit == null ? 20 : limit;
        if (n < 1 || n > 500) {
            throw new IllegalArgumentException("limit must be 1..500, was " + n);
        }
        return jobs.recent(n);
    }

    @DELETE
    @Path("{id}")
    public BackfillJob cancel(@PathParam("id") String id) throws SQLException {
        UUID jobId = uuid(id);
        return jobs.cancel(jobId).orElseThrow(() -> conflictOrMissing(jobId, "cancelled"));
    }

    @POST
    @Path("{id}/resume")
    public Response resume(@PathParam("id") String id) throws SQLException {
        UUID jobId = uuid(id);
        BackfillJob current = jobs.find(jobId).orElseThrow(() -> new NotFoundException("no backfill " + id));
        if (current.state() == BackfillState.PENDING || current.state() == BackfillState.RUNNING) {
            return Response.accepted(current).build(); // running already: resuming is a no-op
        }
        BackfillJob resumed = jobs.resume(jobId).orElseThrow(() -> conflictOrMissing(jobId, "resumed"));
        return Response.accepted(resumed).location(URI.create("/api/backfill/" + jobId)).build();
    }

    private WebApplicationException conflictOrMissing(UUID id, String what) {
        try {
            return jobs.find(id).<WebApplicationException>map(job -> new WebApplicationException(
                    "backfill " + id + " is " + job.state() + " and cannot be " + what, Response.Status.CONFLICT))
                    .orElseGet(() -> new NotFoundException("no backfill " + id));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static BarResolution resolution(String value) {
        if (value == null || value.isBlank()) {
            return BarResolution.MINUTE_1;
        }
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "MINUTE", "MINUTE_1", "1M" -> BarResolution.MINUTE_1;
            case "MINUTE_5", "5M" -> BarResolution.MINUTE_5;
            case "HOUR", "HOUR_1", "1H" -> BarResolution.HOUR_1;
            default -> throw new IllegalArgumentException("resolution " + value
                    + " is not one of MINUTE, MINUTE_5, HOUR (history has no second bars)");
        };
    }

    private static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required (ISO-8601, e.g. 2026-11-01T00:00:00Z)");
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant: " + value);
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no backfill " + id);
        }
    }
}
