package io.tickflow.alerting.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Alert quality: runs every labelled scenario through the alerting service's rules and the Prometheus rules, compares
 * what fired with what the operator wants, and reports precision and recall per rule and overall.
 *
 * <p>Scoring. A fired alert is a true positive when it matches an expected alert of its scenario (engine, name,
 * severity, the expected labels) that no other fired alert matched before, else a false positive (a second alert for
 * one problem is noise too); an expected alert no fired alert matches is a miss. INFO
 * alerts are records, not notifications (the shipped routes send info nowhere), so they are listed but not scored.
 * Prometheus alerts are counted once per label set over the scenario (the burn-rate windows of one SLO are one
 * alert, see {@link PrometheusReplay#NOT_IDENTITY}); service alerts once per opened alert, since each opening notifies.
 */
public final class AlertEval {

    /** The outcome: the report text and the figures the targets are about. */
    public record Result(String report, int scenarios, int alerts, double precision, double recallCritical,
            int truePositives, int falsePositives, int missed) {
    }

    private record Tally(int tp, int fp, int fn) {
        Tally plus(Tally o) {
            return new Tally(tp + o.tp, fp + o.fp, fn + o.fn);
        }
    }

    private AlertEval() {
    }

    public static List<Scenario> load(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        List<Scenario> scenarios = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Scenario s = json.readValue(f.toFile(), Scenario.class);
                String file = f.getFileName().toString();
                if (!file.equals(s.name() + ".json")) {
                    throw new IllegalArgumentException(file + ": name must be " + file.replace(".json", ""));
                }
                scenarios.add(s);
            }
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("no scenarios in " + dir);
        }
        return scenarios;
    }

    public static Result run(List<Scenario> scenarios, Path rulesDir, Path workDir, String promtool)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        StringBuilder out = new StringBuilder();
        Map<String, Tally> perRule = new TreeMap<>();
        int criticalExpected = 0;
        int criticalFound = 0;
        // promtool is the slow part (about 2 ms per rule evaluation minute): one process per scenario, in parallel
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        List<Future<List<FiredAlert>>> prometheus = new ArrayList<>();
        try {
            for (Scenario s : scenarios) {
                prometheus.add(pool.submit(() -> PrometheusReplay.run(s, rulesDir, workDir, promtool)));
            }
            for (int i = 0; i < scenarios.size(); i++) {
                prometheus.get(i).get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            List<FiredAlert> fired = new ArrayList<>(ServiceReplay.run(s));
            fired.addAll(prometheus.get(i).resultNow());
            out.append(String.format(Locale.ROOT, "%n== %s: %s%n", s.name(), s.description()));
            // one fired alert per expected alert: a second page for the same problem is noise, a false positive
            Set<Scenario.Expected> matched = Collections.newSetFromMap(new IdentityHashMap<>());
            for (FiredAlert f : fired) {
                boolean info = f.severity().equals("info");
                Scenario.Expected hit = info ? null : s.expected().stream()
                        .filter(e -> !matched.contains(e) && f.matches(e)).findFirst().orElse(null);
                boolean duplicate = !info && hit == null && s.expected().stream().anyMatch(f::matches);
                String verdict = info ? "info" : hit != null ? "TP" : duplicate ? "FP dup" : "FP";
                out.append(String.format(Locale.ROOT, "  %-6s %s%n", verdict, f));
                if (hit != null) {
                    matched.add(hit);
                }
                if (!info) {
                    perRule.merge(f.rule(), new Tally(hit != null ? 1 : 0, hit != null ? 0 : 1, 0), Tally::plus);
                }
            }
            for (Scenario.Expected e : s.expected()) {
                boolean found = matched.contains(e);
                if (!found) {
                    out.append(String.format(Locale.ROOT, "  MISSED %s:%s %s %s%n", e.engine(), e.alert(),
                            e.severity().toLowerCase(Locale.ROOT), e.labels()));
                    perRule.merge(e.engine() + ":" + e.alert(), new Tally(0, 0, 1), Tally::plus);
                }
                if (e.severity().equalsIgnoreCase("critical")) {
                    criticalExpected++;
                    criticalFound += found ? 1 : 0;
                }
            }
            if (fired.isEmpty() && s.expected().isEmpty()) {
                out.append("  (nothing fired, nothing expected)\n");
            }
        }
        out.append(String.format(Locale.ROOT, "%n%-52s %4s %4s %4s %9s %7s%n", "rule", "TP", "FP", "miss",
                "precision", "recall"));
        Tally total = new Tally(0, 0, 0);
        for (Map.Entry<String, Tally> r : perRule.entrySet()) {
            Tally t = r.getValue();
            total = total.plus(t);
            out.append(String.format(Locale.ROOT, "%-52s %4d %4d %4d %9s %7s%n", r.getKey(), t.tp, t.fp, t.fn,
                    ratio(t.tp, t.tp + t.fp), ratio(t.tp, t.tp + t.fn)));
        }
        out.append(String.format(Locale.ROOT, "%-52s %4d %4d %4d %9s %7s%n", "overall", total.tp, total.fp,
                total.fn, ratio(total.tp, total.tp + total.fp), ratio(total.tp, total.tp + total.fn)));
        int alerts = total.tp + total.fp;
        double precision = alerts == 0 ? 1.0 : (double) total.tp / alerts;
        double recallCritical = criticalExpected == 0 ? 1.0 : (double) criticalFound / criticalExpected;
        out.append(String.format(Locale.ROOT, "scenarios=%d alerts=%d precision=%.3f recall_critical=%.3f%n",
                scenarios.size(), alerts, precision, recallCritical));
        return new Result(out.toString(), scenarios.size(), alerts, precision, recallCritical, total.tp, total.fp,
                total.fn);
    }

    private static String ratio(int n, int d) {
        return d == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) n / d);
    }
}
