package io.tickflow.alerting.notify;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * What {@link NotifierServersResource} started for a test class: one local HTTP server for the webhook, Slack and
 * Telegram endpoints (told apart by path) and a GreenMail SMTP server. The secrets it configured are here so tests can
 * look for them where they must not be.
 */
public record NotifierServers(LocalHttpServer http, GreenMail mail, String webhookPath, String slackPath,
        String telegramToken, String telegramChatId, String logFile) {

    public String telegramPath() {
        return "/bot" + telegramToken + "/sendMessage";
    }

    public List<LocalHttpServer.Request> webhook(Predicate<LocalHttpServer.Request> match) {
        return http.requests(r -> r.path().equals(webhookPath) && match.test(r));
    }

    public List<LocalHttpServer.Request> slack(Predicate<LocalHttpServer.Request> match) {
        return http.requests(r -> r.path().equals(slackPath) && match.test(r));
    }

    public List<LocalHttpServer.Request> telegram(Predicate<LocalHttpServer.Request> match) {
        return http.requests(r -> r.path().equals(telegramPath()) && match.test(r));
    }

    public List<MimeMessage> mails(Predicate<MimeMessage> match) {
        return Arrays.stream(mail.getReceivedMessages()).filter(match).toList();
    }
}
