package io.tickflow.alerting.notify;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The Telegram Bot API: {@code POST {base}/bot<token>/sendMessage} with chat_id, text and parse_mode HTML. The token
 * is a secret: neither it nor the URL that contains it is ever logged or stored (errors are redacted). A 429 carries
 * {@code parameters.retry_after} in its body, honoured like Retry-After.
 */
final class TelegramNotifier extends HttpNotifier {

    static final int MAX_TEXT = 4096;
    private final String chatId;

    TelegramNotifier(String baseUrl, String botToken, String chatId, Duration timeout, List<String> secrets,
            Clock clock) {
        super(NotifySettings.TELEGRAM, uri(baseUrl, botToken), timeout, secrets, clock);
        this.chatId = chatId.trim();
    }

    static URI uri(String baseUrl, String token) {
        String base = baseUrl.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/bot" + token.trim() + "/sendMessage");
    }

    @Override
    protected String body(Notice n) {
        return new JsonObject()
                .put("chat_id", chatId)
                .put("text", text(n))
                .put("parse_mode", "HTML")
                .put("disable_web_page_preview", true)
                .encode();
    }

    static String text(Notice n) {
        String text = text(n, 2500);
        return text.length() <= MAX_TEXT ? text : text(n, 200);
    }

    private static String text(Notice n, int summaryMax) {
        StringBuilder sb = new StringBuilder();
        sb.append("<b>").append(html("[" + n.kind() + "] " + n.severity() + " " + n.ruleId())).append("</b>\n");
        sb.append(html(NoticeText.truncate(n.summary(), summaryMax))).append('\n');
        sb.append("<i>").append(html(NoticeText.lead(n))).append("</i>\n\n");
        sb.append("Trace id: ");
        if (n.traceId() == null) {
            sb.append(NoticeText.NONE);
        } else if (n.traceUrl() != null) {
            sb.append("<a href=\"").append(attr(n.traceUrl())).append("\">").append(html(n.traceId())).append("</a>");
        } else {
            sb.append("<code>").append(html(n.traceId())).append("</code>");
        }
        sb.append('\n').append("Runbook: ");
        if (n.runbookUrl() == null) {
            sb.append(NoticeText.NONE);
        } else {
            sb.append("<a href=\"").append(attr(n.runbookUrl())).append("\">").append(html(n.runbookUrl()))
                    .append("</a>");
        }
        sb.append('\n').append("Occurrences: ").append(n.occurrences()).append(" · status ").append(html(n.status()))
                .append('\n').append("Fingerprint: <code>").append(html(n.fingerprint())).append("</code>")
                .append('\n').append("Alert: <code>").append(n.alertId()).append("</code>");
        return sb.toString();
    }

    @Override
    protected Duration retryAfterInBody(String body) {
        try {
            JsonObject parameters = new JsonObject(body).getJsonObject("parameters");
            Number seconds = parameters == null ? null : parameters.getNumber("retry_after");
            return seconds == null ? null : Duration.ofSeconds(Math.max(0, seconds.longValue()));
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String attr(String s) {
        return html(s).replace("\"", "&quot;");
    }
}
