package io.tickflow.cli;

import java.io.PrintStream;

/**
 * A one-line text progress bar. On a terminal it redraws in place ({@code \r}); piped into a file or CI log it prints
 * a line only when the whole percentage changes, so logs stay readable.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final boolean interactive;
    private long lastPercent = -1;

    public ProgressBar(PrintStream out, String label) {
        this(out, label, System.console() != null);
    }

    ProgressBar(PrintStream out, String label, boolean interactive) {
        this.out = out;
        this.label = label;
        this.interactive = interactive;
    }

    /** Draws {@code done} of {@code total} (total ≤ 0: unknown yet) with a short status text. */
    public void update(long done, long total, String status) {
        String line = render(label, done, total, status);
        if (interactive) {
            out.print("\r" + line);
            out.flush();
            return;
        }
        long percent = total <= 0 ? -1 : Math.min(100, done * 100 / total);
        if (percent != lastPercent) {
            lastPercent = percent;
            out.println(line);
        }
    }

    public void finish(String status) {
        if (interactive) {
            out.println();
        }
        out.println(label + " " + status);
    }

    static String render(String label, long done, long total, String status) {
        int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, done * WIDTH / total);
        String percent = total <= 0 ? "  ?%" : String.format("%3d%%", Math.min(100, done * 100 / total));
        return label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + percent + " " + done + "/"
                + (total <= 0 ? "?" : Long.toString(total)) + (status == null || status.isBlank() ? "" : " " + status);
    }
}
