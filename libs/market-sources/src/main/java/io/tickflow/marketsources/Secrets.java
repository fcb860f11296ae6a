package io.tickflow.marketsources;

import java.util.regex.Pattern;

/**
 * Keeps API keys out of logs and exception messages. Polygon takes its key as {@code apiKey=} and Alpha Vantage as
 * {@code apikey=} in the query string, and Alpha Vantage even repeats the key inside its daily-limit message, so every
 * URL and every vendor message passes through here before it is logged or put in an exception.
 */
public final class Secrets {

    private static final Pattern KEY_IN_QUERY = Pattern.compile("(?i)([?&](?:apikey|api_key)=)[^&#\\s]*");
    private static final String MASK = "***";

    private Secrets() {
    }

    /** {@code ***} for a set secret, {@code <none>} for a missing one: enough to see in a config dump whether it is set. */
    public static String mask(String secret) {
        return secret == null || secret.isBlank() ? "<none>" : MASK;
    }

    /** The URL with the value of every {@code apiKey}/{@code apikey} query parameter replaced by {@code ***}. */
    public static String redactUrl(String url) {
        return url == null ? null : KEY_IN_QUERY.matcher(url).replaceAll("$1" + MASK);
    }

    /** {@code text} with every occurrence of {@code secret}, and every key in a URL, replaced by {@code ***}. */
    public static String redact(String text, String secret) {
        if (text == null) {
            return null;
        }
        String redacted = secret == null || secret.isEmpty() ? text : text.replace(secret, MASK);
        return redactUrl(redacted);
    }
}
