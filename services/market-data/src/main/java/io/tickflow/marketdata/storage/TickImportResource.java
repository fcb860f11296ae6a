package io.tickflow.marketdata.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickflow.domain.instrument.Instruments;
import io.tickflow.events.Checks;
import io.tickflow.events.Tick;
import io.tickflow.tickstore.TickCopyWriter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code POST /api/ticks/import?instrument=BTCUSD&source=csv} with a CSV body ({@link TickCsv}) stores the ticks in
 * the tick store for backtests, through the same binary-COPY writer as the live path, in batches, streaming the body
 * (memory is one batch whatever the file size). Imported ticks are NOT published on the ticks topic: historical data
 * must never reach the live strategy or execution. The answer counts lines read, ticks stored (new rows only: a
 * re-import stores nothing) and refused lines, with the first refusals' line numbers and reasons.
 */
@Path("/api/ticks/import")
public class TickImportResource {

    static final int BATCH = 10_000;
    static final int REJECTIONS_SHOWN = 50;

    public record ImportResult(String instrument, String source, long linesRead, long stored, long alreadyStored,
            long rejected, List<TickCsv.Rejected> rejections) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public ImportResult importCsv(@QueryParam("instrument") String instrument, @QueryParam("source") String source,
            InputStream body) throws IOException, SQLException {
        if (instrument == null || instrument.isBlank()) {
            throw new IllegalArgumentException("the query parameter instrument is required, e.g. ?instrument=BTCUSD");
        }
        if (Instruments.find(instrument).isEmpty()) {
            throw new IllegalArgumentException("unknown instrument " + instrument + "; known: "
                    + Instruments.all().stream().map(i -> i.id()).toList());
        }
        String src = source == null || source.isBlank() ? "csv" : Checks.text(source.strip(), "source");
        TickCopyWriter writer = new TickCopyWriter(dataSource);
        Clock clock = Clock.systemUTC();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            TickCsv csv = TickCsv.withHeader(instrument, src, in.readLine());
            TickCsv.Rejections rejections = new TickCsv.Rejections(REJECTIONS_SHOWN);
            List<Tick> batch = new ArrayList<>(BATCH);
            long lineNo = 1;
            long read = 0;
            long stored = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                read++;
                try {
                    batch.add(csv.parse(line, clock.instant()));
                } catch (IllegalArgumentException e) {
                    rejections.add(lineNo, e.getMessage());
                }
                if (batch.size() == BATCH) {
                    stored += writer.write(batch).inserted();
                    batch.clear();
                }
            }
            stored += writer.write(batch).inserted();
            long accepted = read - rejections.count();
            registry.counter("tickflow_ticks_imported_total", "instrument", instrument).increment(stored);
            registry.counter("tickflow_ticks_import_rejected_total", "instrument", instrument)
                    .increment(rejections.count());
            return new ImportResult(instrument, src, read, stored, accepted - stored, rejections.count(),
                    rejections.first());
        }
    }
}
