package io.tickflow.backtest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Loads a page in a real headless Chromium and returns the DOM after its scripts ran. {@code --virtual-time-budget}
 * lets the page's timers run but waits for pending network fetches, so a page that fetches its data and then draws
 * is dumped after drawing. `make test` installs Chromium (scripts/test.sh); {@code TICKFLOW_CHROMIUM} names another.
 */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static String binary() {
        String configured = System.getenv("TICKFLOW_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Stream.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
                .flatMap(name -> Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                        .map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new IllegalStateException("no Chromium found on PATH (chromium, chromium-browser,"
                        + " google-chrome) and TICKFLOW_CHROMIUM is not set: run `make test`, which installs it, or"
                        + " `apt-get install chromium`"));
    }

    static String dumpDom(String url, Duration budget) throws IOException, InterruptedException {
        return run(url, budget, "--dump-dom");
    }

    /** Saves what a user would see (kept in target/ so a failed CI run can show it). */
    static void screenshot(String url, Duration budget, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        run(url, budget, "--screenshot=" + png.toAbsolutePath());
    }

    private static String run(String url, Duration budget, String action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("tickflow-chromium");
        Path out = Files.createTempFile("tickflow-dom", ".html");
        try {
            Process process = new ProcessBuilder(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
                    "--window-size=1280,2600", "--hide-scrollbars", "--virtual-time-budget=" + budget.toMillis(),
                    action, url))
                    .directory(profile.toFile())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(budget.toSeconds() + 60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Chromium did not finish loading " + url);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
