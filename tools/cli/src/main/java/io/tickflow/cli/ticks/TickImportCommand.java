package io.tickflow.cli.ticks;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.cli.ProgressBar;
import io.tickflow.cli.ServiceClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tickflow ticks import FILE --instrument BTCUSD}: sends a CSV of ticks to market-data's tick store
 * ({@code POST /api/ticks/import}) in chunks of {@code --chunk} lines, each with the file's header, drawing a progress
 * bar over the file's bytes. Every chunk is idempotent on the server (a tick's id comes from its content), so an
 * interrupted import is finished by running the same command again: what was stored is not stored twice.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import ticks from a CSV file (header: time,bid,ask[,last,size]) into the tick store.",
        footer = {"", "Times are ISO-8601 UTC or epoch milliseconds. Imported ticks are stored for backtests only;",
                "they are never published to the live ticks topic.", "",
                "Example:", "  tickflow ticks import btcusd-2025.csv --instrument BTCUSD --source dukascopy",
                "Exit code: 0 when every line was stored or already stored, 1 when lines were refused or the",
                "service failed, 2 for bad arguments."})
public class TickImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file.")
    Path file;

    @Option(names = "--instrument", required = true, description = "Instrument id, e.g. BTCUSD or OIL_CRUDE.")
    String instrument;

    @Option(names = "--source", defaultValue = "csv", description = "Source name stored with each tick (default"
            + " ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--chunk", defaultValue = "100000", description = "Lines per request (default ${DEFAULT-VALUE}).")
    int chunk;

    @Option(names = "--url", defaultValue = "${env:TICKFLOW_MARKET_DATA_URL:-http://localhost:18081}",
            description = "market-data's base URL (default ${DEFAULT-VALUE}; env TICKFLOW_MARKET_DATA_URL).")
    String url;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(file)) {
            err.println("cannot read " + file);
            return 2;
        }
        if (chunk < 1) {
            err.println("--chunk must be at least 1");
            return 2;
        }
        // progress in bytes of the file: knowing the line count up front would mean reading a large file twice
        long total = Files.size(file);
        long consumed = 0;
        ServiceClient client = new ServiceClient(url);
        String path = "/api/ticks/import?instrument=" + encode(instrument) + "&source=" + encode(source);
        ProgressBar bar = new ProgressBar(System.out, "import " + file.getFileName());
        long sent = 0;
        long stored = 0;
        long already = 0;
        long rejected = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                err.println(file + " is empty");
                return 2;
            }
            consumed += header.length() + 1;
            StringBuilder body = new StringBuilder();
            long lineOffset = 1; // lines before this chunk's first data line, to report refusals by file line
            String line;
            int inChunk = 0;
            boolean more = true;
            while (more) {
                line = in.readLine();
                more = line != null;
                if (more) {
                    if (inChunk == 0) {
                        body.setLength(0);
                        body.append(header).append('\n');
                    }
                    body.append(line).append('\n');
                    consumed += line.length() + 1; // CSV is ASCII in practice; a bar, not an exact count
                    inChunk++;
                }
                if (inChunk > 0 && (inChunk == chunk || !more)) {
                    JsonNode answer = client.postText(path, "text/csv", body.toString());
                    stored += answer.path("stored").asLong();
                    already += answer.path("alreadyStored").asLong();
                    rejected += answer.path("rejected").asLong();
                    for (JsonNode r : answer.path("rejections")) {
                        // the server numbers lines within the chunk (its header is line 1)
                        err.println("line " + (lineOffset + r.path("line").asLong() - 1) + ": "
                                + r.path("reason").asText());
                    }
                    sent += inChunk;
                    lineOffset += inChunk;
                    inChunk = 0;
                    bar.update(Math.min(consumed, total), total, sent + " lines, stored " + stored);
                }
            }
        } catch (ServiceClient.ServiceException e) {
            bar.finish("stopped after " + sent + " lines");
            err.println(e.getMessage());
            err.println("run the same command again to finish: lines already stored are not stored twice");
            return 1;
        }
        bar.finish("done");
        out.printf("%s: %d lines, %d stored, %d already stored, %d refused%n", instrument, sent, stored, already,
                rejected);
        out.flush();
        return rejected == 0 ? 0 : 1;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
