package io.tickflow.backtest.report;

import io.smallrye.mutiny.Uni;
import io.tickflow.backtest.job.BacktestRepository;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The HTML report of a backtest at a stable URL, {@code /api/backtests/{jobId}/report} (the CLI prints it). The page is
 * static (report/index.html, report.js, ECharts); it reads the job, its tasks, trades and equity from the same REST
 * API, so the report shows exactly what an export or the CLI shows. {@code ?task=N} shows one task of a sweep.
 */
@Path("/api/backtests/{jobId}/report")
public class ReportResource {

    private static final String PAGE = load("META-INF/resources/report/index.html");

    @Inject
    BacktestRepository jobs;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<String> report(@PathParam("jobId") UUID jobId) {
        return jobs.find(jobId).map(job -> {
            if (job.isEmpty()) {
                throw new NotFoundException("no backtest " + jobId);
            }
            return PAGE;
        });
    }

    private static String load(String resource) {
        try (InputStream in = ReportResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the backtest service's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
