package io.tickflow.alerting.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Real local servers for every notification channel, and the settings that point the service at them: a JDK HTTP
 * server for the webhook, Slack and Telegram (base URL configurable, as in production), and GreenMail for SMTP (plain,
 * or implicit TLS with {@code smtp=tls}). Init args are extra settings (e.g. routes), except {@code smtp}. The service
 * also logs to a file of its own, so a test can read every line it wrote, start-up included.
 */
public class NotifierServersResource implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> args = Map.of();
    private NotifierServers servers;

    @Override
    public void init(Map<String, String> initArgs) {
        args = initArgs;
    }

    @Override
    public Map<String, String> start() {
        LocalHttpServer http;
        try {
            http = new LocalHttpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean tls = "tls".equals(args.get("smtp"));
        ServerSetup smtp = (tls ? ServerSetupTest.SMTPS : ServerSetupTest.SMTP).dynamicPort();
        GreenMail mail = new GreenMail(smtp);
        mail.start();

        String id = UUID.randomUUID().toString().replace("-", "");
        String webhookPath = "/hooks/generic/wh-secret-" + id.substring(0, 12);
        String slackPath = "/services/T0TICKFLOW/B0ALERTS/slack-secret-" + id.substring(12, 24);
        String token = "7000" + id.substring(0, 4) + ":TgSecret-" + id.substring(4, 28);
        String chatId = "-100" + Math.abs(id.hashCode() % 1_000_000);
        Path log = Path.of("target", "notifier-logs", "alerting-" + id.substring(0, 8) + ".log");
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        servers = new NotifierServers(http, mail, webhookPath, slackPath, token, chatId, log.toString());

        Map<String, String> c = new HashMap<>();
        c.put("tickflow.alerting.webhook.url", http.baseUrl() + webhookPath);
        c.put("tickflow.alerting.slack.webhook-url", http.baseUrl() + slackPath);
        c.put("tickflow.alerting.telegram.base-url", http.baseUrl());
        c.put("tickflow.alerting.telegram.bot-token", token);
        c.put("tickflow.alerting.telegram.chat-id", chatId);
        c.put("tickflow.alerting.email.host", "127.0.0.1");
        c.put("tickflow.alerting.email.port", Integer.toString(mail.getSmtp() != null ? mail.getSmtp().getPort()
                : mail.getSmtps().getPort()));
        c.put("tickflow.alerting.email.from", "tickflow-alerts@tickflow.test");
        c.put("tickflow.alerting.email.to", "oncall@tickflow.test,desk@tickflow.test");
        c.put("tickflow.alerting.email.tls", tls ? "IMPLICIT" : "DISABLED");
        c.put("tickflow.alerting.email.trust-all", Boolean.toString(tls)); // GreenMail's self-signed certificate
        c.put("tickflow.alerting.email.timeout", "5s");
        c.put("tickflow.alerting.webhook.timeout", "3s");
        c.put("tickflow.alerting.slack.timeout", "3s");
        c.put("tickflow.alerting.telegram.timeout", "3s");
        c.put("tickflow.alerting.dispatch.interval", "200ms");
        c.put("tickflow.alerting.dispatch.lease", "20s");
        c.put("tickflow.alerting.trace-url-template", "http://jaeger.test:16686/trace/{traceId}");
        c.put("tickflow.alerting.runbook-base-url", "https://runbooks.test/tickflow/");
        c.put("quarkus.log.file.enabled", "true");
        c.put("quarkus.log.file.path", log.toString());
        c.put("quarkus.log.file.json", "false");
        c.put("quarkus.log.category.\"io.tickflow.alerting\".level", "DEBUG");
        args.forEach((k, v) -> {
            if (!k.equals("smtp")) {
                c.put(k, v);
            }
        });
        return c;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(servers,
                new TestInjector.AnnotatedAndMatchesType(InjectNotifierServers.class, NotifierServers.class));
    }

    @Override
    public void stop() {
        if (servers != null) {
            servers.http().close();
            servers.mail().stop();
        }
    }
}
