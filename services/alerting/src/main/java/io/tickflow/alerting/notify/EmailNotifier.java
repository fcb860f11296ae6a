package io.tickflow.alerting.notify;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Email over SMTP with the Vert.x mail client (the client under the Quarkus mailer), configured here so the TLS mode,
 * certificate trust and timeouts are explicit. SMTP 4xx replies and connection problems are transient, 5xx replies
 * (unknown mailbox, relay denied, authentication failed) permanent.
 */
final class EmailNotifier implements Notifier {

    private final MailClient client;
    private final String from;
    private final List<String> to;
    private final Duration timeout;
    private final Redactor redactor;

    EmailNotifier(Vertx vertx, NotifyConfig.Email config, List<String> secrets) {
        this.from = config.from().orElseThrow().trim();
        this.to = config.to().orElseThrow().stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        this.timeout = config.timeout();
        this.redactor = new Redactor(secrets);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        MailConfig mail = new MailConfig()
                .setHostname(config.host().orElseThrow().trim())
                .setPort(config.port())
                .setSsl(config.tls() == NotifyConfig.TlsMode.IMPLICIT)
                .setStarttls(switch (config.tls()) {
                    case DISABLED, IMPLICIT -> StartTLSOptions.DISABLED;
                    case OPTIONAL -> StartTLSOptions.OPTIONAL;
                    case REQUIRED -> StartTLSOptions.REQUIRED;
                })
                .setTrustAll(config.trustAll())
                .setConnectTimeout(millis)
                .setSslHandshakeTimeout(millis)
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout(millis)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setKeepAlive(false);
        if (!config.trustAll()) {
            mail.setHostnameVerificationAlgorithm("HTTPS"); // check the certificate names the host, not only its chain
        }
        if (config.username().filter(s -> !s.isBlank()).isPresent()) {
            mail.setLogin(LoginOption.REQUIRED).setUsername(config.username().get())
                    .setPassword(config.password().orElse(""));
        } else {
            mail.setLogin(LoginOption.DISABLED);
        }
        this.client = MailClient.create(vertx, mail);
    }

    @Override
    public String channel() {
        return NotifySettings.EMAIL;
    }

    @Override
    public Outcome deliver(Notice n) {
        MailMessage message = new MailMessage()
                .setFrom(from)
                .setTo(to)
                .setSubject(NoticeText.truncate(NoticeText.title(n).replaceAll("[\\r\\n]+", " "), 200))
                .setText(NoticeText.plain(n))
                .setHeaders(MultiMap.caseInsensitiveMultiMap()
                        .add("X-Tickflow-Alert-Id", n.alertId().toString())
                        .add("X-Tickflow-Notification", n.idempotencyKey()));
        CompletableFuture<?> send = client.sendMail(message).toCompletionStage().toCompletableFuture();
        try {
            send.get(timeout.toMillis() * 2 + 250, TimeUnit.MILLISECONDS); // connect, TLS, dialogue
            return Outcome.DELIVERED;
        } catch (TimeoutException e) {
            send.cancel(true);
            return new Outcome.Transient("timed out after " + timeout.toMillis() * 2 + " ms", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Transient("interrupted (shutting down)", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof SMTPException smtp) {
                String error = "SMTP " + smtp.getReplyCode() + ": " + redactor.apply(smtp.getReplyMessage());
                return smtp.isPermanent() ? new Outcome.Permanent(error) : new Outcome.Transient(error, null);
            }
            // connection refused or reset, TLS handshake failures, time-outs inside the client
            return new Outcome.Transient((cause instanceof IOException ? "connection error: " : "")
                    + redactor.describe(cause), null);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
