package io.tickflow.alerting.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code make eval-alerts}, and the guard in {@code make test}: the labelled scenarios of src/test/resources/alert-eval
 * through the alerting service's rules and deploy/prometheus/rules, with precision at least 0.95 and every critical
 * alert found. The report is also written to target/alert-eval/report.txt.
 *
 * <p>Needs promtool (Debian's prometheus package; scripts/test.sh and scripts/eval-alerts.sh install it, {@code
 * -Dtickflow.eval.promtool=/path} points elsewhere): a rule change that hurts alert quality must fail the build, so a
 * missing promtool fails the test rather than skipping it.
 */
class AlertQualityTest {

    @Test
    void labelledScenariosMeetThePrecisionAndCriticalRecallTargets() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        Path root = module;
        while (!Files.isDirectory(root.resolve("deploy/prometheus/rules"))) {
            root = root.getParent();
            assertThat(root).as("repository root above " + module).isNotNull();
        }
        List<Scenario> scenarios = AlertEval.load(module.resolve("src/test/resources/alert-eval"));
        String promtool = System.getProperty("tickflow.eval.promtool", "promtool");
        Path work = module.resolve("target/alert-eval");
        AlertEval.Result result = AlertEval.run(scenarios, root.resolve("deploy/prometheus/rules"), work, promtool);
        Files.writeString(work.resolve("report.txt"), result.report());
        System.out.print(result.report());

        assertThat(result.scenarios()).isGreaterThanOrEqualTo(7);
        assertThat(result.precision()).as("precision over all scenarios (see target/alert-eval/report.txt)")
                .isGreaterThanOrEqualTo(0.95);
        assertThat(result.recallCritical()).as("recall of critical alerts (see target/alert-eval/report.txt)")
                .isEqualTo(1.0);
    }
}
