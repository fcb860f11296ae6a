package io.tickflow.alerting.notify;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Removes secrets (a bot token, a webhook URL that is its own credential, an SMTP password) from any text before it
 * reaches a log line, the database or an API answer.
 */
final class Redactor {

    static final String MASK = "***";
    private final List<String> secrets;

    Redactor(List<String> secrets) {
        // longest first, so a URL is masked whole before the token inside it
        this.secrets = secrets.stream().filter(Objects::nonNull).filter(s -> s.length() >= 4).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    /** An exception as one line: its type and redacted message, and its cause's. */
    String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 400; c = c.getCause() == c ? null : c.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return apply(sb.toString());
    }
}
