package io.tickflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void drawsTheShareDone() {
        assertThat(ProgressBar.render("job", 50, 200, "RUNNING"))
                .isEqualTo("job [#######-----------------------]  25% 50/200 RUNNING");
        assertThat(ProgressBar.render("job", 0, 0, null)).isEqualTo("job [------------------------------]   ?% 0/?");
        assertThat(ProgressBar.render("job", 300, 200, "")).contains("100%");
    }

    @Test
    void inALogItPrintsALineOnlyWhenThePercentageMoves() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(buffer, true, StandardCharsets.UTF_8), "job", false);
        bar.update(1, 1000, "RUNNING");
        bar.update(2, 1000, "RUNNING");
        bar.update(10, 1000, "RUNNING");
        bar.finish("COMPLETED");
        assertThat(buffer.toString(StandardCharsets.UTF_8).lines()).hasSize(3).last().isEqualTo("job COMPLETED");
    }
}
