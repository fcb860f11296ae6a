package io.tickflow.deploy.support;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the platform needs, written down once for every test: the services, their ports, and the settings each one
 * must receive (docs/deploy.md). The same table is checked against the kustomize overlays, the Helm chart and
 * docker-compose.yml.
 */
public final class Expectations {

    private Expectations() {
    }

    /** The five Tickflow services, with their HTTP ports. */
    public static final Map<String, Integer> SERVICES = Map.of(
            "market-data", 18081,
            "signals", 18082,
            "execution", 18083,
            "backtest", 18084,
            "alerting", 18085);

    public static final int CAPITAL_SIM_PORT = 18090;

    /** capital-sim's Polygon/Massive and Alpha Vantage simulators, which market-data reaches in dev. */
    public static final Set<Integer> MARKET_SOURCE_SIM_PORTS = Set.of(18091, 18092);

    /** Services that stream from Polygon/Massive and poll Alpha Vantage besides Capital.com. */
    public static final Set<String> MARKET_SOURCE_SERVICES = Set.of("market-data");

    /**
     * The hosts and keys of market-data's other sources (services/market-data/README.md#settings): real hosts in prod,
     * capital-sim's simulators in dev and docker compose; the keys are credentials.
     */
    public static final List<String> MARKET_SOURCE_ENV = List.of(
            "TICKFLOW_POLYGON_STREAM_URL", "TICKFLOW_POLYGON_REST_URL", "POLYGON_API_KEY",
            "TICKFLOW_ALPHAVANTAGE_BASE_URL", "ALPHAVANTAGE_API_KEY");

    /** Services that own a PostgreSQL schema. */
    public static final Set<String> DATABASE_SERVICES = Set.of("market-data", "execution", "alerting", "backtest");

    /** Services that talk to Capital.com. */
    public static final Set<String> BROKER_SERVICES = Set.of("market-data", "execution");

    public static final List<String> COMMON_ENV = List.of(
            "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "QUARKUS_LOG_CONSOLE_JSON");

    public static final List<String> DATABASE_ENV = List.of(
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_REACTIVE_URL",
            "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");

    public static final List<String> BROKER_ENV = List.of(
            "TICKFLOW_CAPITAL_BASE_URL", "TICKFLOW_CAPITAL_API_KEY",
            "TICKFLOW_CAPITAL_IDENTIFIER", "TICKFLOW_CAPITAL_PASSWORD");

    /** Services that notify humans (webhook, Slack, Telegram, email): services/alerting/README.md. */
    public static final Set<String> NOTIFIER_SERVICES = Set.of("alerting");

    /** The optional Secret of the notifier credentials (deploy/k8s/external-secrets.yaml). */
    public static final String NOTIFIER_SECRET = "tickflow-alerting-notifiers";

    /**
     * Notifier credentials: environment variable -> key of {@link #NOTIFIER_SECRET}. Each is an optional
     * secretKeyRef (an absent key leaves its channel off). SMTP_USERNAME is not secret, but lives with its password.
     */
    public static final Map<String, String> NOTIFIER_SECRET_ENV = Map.of(
            "ALERT_WEBHOOK_URL", "webhook-url",
            "SLACK_WEBHOOK_URL", "slack-webhook-url",
            "TELEGRAM_BOT_TOKEN", "telegram-bot-token",
            "SMTP_USERNAME", "smtp-username",
            "SMTP_PASSWORD", "smtp-password");

    /** Notifier settings that are not credentials: alerting-config on Kubernetes, .env in docker compose. */
    public static final Set<String> NOTIFIER_CONFIG_ENV = Set.of(
            "ALERT_ROUTES_CRITICAL", "ALERT_ROUTES_WARNING", "ALERT_ROUTES_INFO",
            "ALERT_ESCALATION_CHANNELS", "ALERT_ESCALATION_ACK_TIMEOUT", "ALERT_THROTTLE_WINDOW",
            "ALERT_TRACE_URL_TEMPLATE", "ALERT_RUNBOOK_BASE_URL",
            "TELEGRAM_CHAT_ID", "TELEGRAM_API_URL",
            "SMTP_HOST", "SMTP_PORT", "SMTP_FROM", "SMTP_TO", "SMTP_TLS");

    /**
     * Settings that name the channels in use: empty in every deployment file, so every channel stays off (a route
     * naming a channel that is not configured stops alerting's start-up).
     */
    public static final Set<String> NOTIFIER_ROUTE_ENV = Set.of(
            "ALERT_ROUTES_CRITICAL", "ALERT_ROUTES_WARNING", "ALERT_ROUTES_INFO", "ALERT_ESCALATION_CHANNELS");

    /**
     * Variables alerting's application.properties reads that the deployment files deliberately do not pass:
     * SMTP_TRUST_ALL accepts any certificate of the mail relay, which no default deployment should make a
     * one-line change.
     */
    public static final Set<String> NOTIFIER_NOT_DEPLOYED_ENV = Set.of("SMTP_TRUST_ALL");

    /** Every notifier variable the deployment files pass to the notifier services. */
    public static Set<String> notifierEnv() {
        Set<String> env = new LinkedHashSet<>(NOTIFIER_CONFIG_ENV);
        env.addAll(NOTIFIER_SECRET_ENV.keySet());
        return env;
    }

    /** Settings that are credentials: on Kubernetes they must come from a Secret, never from a literal or ConfigMap. */
    public static final Set<String> SECRET_ENV = Set.of(
            "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "TICKFLOW_CAPITAL_API_KEY", "TICKFLOW_CAPITAL_IDENTIFIER", "TICKFLOW_CAPITAL_PASSWORD",
            "POLYGON_API_KEY", "ALPHAVANTAGE_API_KEY",
            "ALERT_WEBHOOK_URL", "SLACK_WEBHOOK_URL", "TELEGRAM_BOT_TOKEN", "SMTP_USERNAME", "SMTP_PASSWORD");

    /**
     * The environment variables alerting's application.properties reads for its {@code tickflow.alerting.*}
     * settings ({@code ${NAME:default}}), with their defaults ("" when none).
     */
    public static Map<String, String> alertingEnvDefaults() {
        Map<String, String> env = new LinkedHashMap<>();
        Pattern expression = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
        for (String line : Repo.read(ALERTING_PROPERTIES).split("\n")) {
            line = line.strip();
            if (!line.startsWith("tickflow.alerting.")) {
                continue;
            }
            Matcher m = expression.matcher(line.substring(line.indexOf('=') + 1));
            while (m.find()) {
                env.put(m.group(1), m.group(2) == null ? "" : m.group(2));
            }
        }
        return env;
    }

    public static final String ALERTING_PROPERTIES = "services/alerting/src/main/resources/application.properties";

    /** Every environment variable {@code service} must receive. */
    public static Set<String> requiredEnv(String service) {
        Set<String> env = new LinkedHashSet<>(COMMON_ENV);
        if (DATABASE_SERVICES.contains(service)) {
            env.addAll(DATABASE_ENV);
        }
        if (BROKER_SERVICES.contains(service)) {
            env.addAll(BROKER_ENV);
        }
        if (MARKET_SOURCE_SERVICES.contains(service)) {
            env.addAll(MARKET_SOURCE_ENV);
        }
        return env;
    }

    /** Variables a service must NOT receive: credentials it has no use for. */
    public static Set<String> forbiddenEnv(String service) {
        Set<String> env = new LinkedHashSet<>();
        if (!DATABASE_SERVICES.contains(service)) {
            env.addAll(DATABASE_ENV);
        }
        if (!BROKER_SERVICES.contains(service)) {
            env.addAll(BROKER_ENV);
        }
        if (!NOTIFIER_SERVICES.contains(service)) {
            env.addAll(notifierEnv());
        }
        if (!MARKET_SOURCE_SERVICES.contains(service)) {
            env.addAll(MARKET_SOURCE_ENV);
        }
        return env;
    }

    /**
     * The egress each workload may have (protocol/port), as the NetworkPolicies must allow it and nothing more.
     * Dev adds capital-sim (TCP/18090) for market-data and execution, and its Polygon and Alpha Vantage simulators
     * (TCP/18091, TCP/18092) for market-data; in prod those vendors are HTTPS (TCP/443) like Capital.com. alerting's
     * notifiers reach webhooks, Slack and Telegram over HTTPS and the mail relay over SMTP submission (587 STARTTLS,
     * 465 implicit TLS; never 25).
     */
    public static Map<String, Set<String>> egress(boolean dev) {
        Set<String> base = Set.of("UDP/53", "TCP/53", "TCP/9092", "TCP/4317", "TCP/4318");
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        for (String service : SERVICES.keySet()) {
            Set<String> ports = new LinkedHashSet<>(base);
            if (DATABASE_SERVICES.contains(service)) {
                ports.add("TCP/5432");
            }
            if (BROKER_SERVICES.contains(service)) {
                ports.add("TCP/443");
                if (dev) {
                    ports.add("TCP/" + CAPITAL_SIM_PORT);
                }
            }
            if (dev && MARKET_SOURCE_SERVICES.contains(service)) {
                MARKET_SOURCE_SIM_PORTS.forEach(port -> ports.add("TCP/" + port));
            }
            if (NOTIFIER_SERVICES.contains(service)) {
                ports.addAll(NOTIFIER_EGRESS);
            }
            expected.put(service, ports);
        }
        expected.put("kafka-topics", Set.of("UDP/53", "TCP/53", "TCP/9092"));
        return expected;
    }

    /** alerting's notifier egress: HTTPS, SMTP submission with STARTTLS, SMTP with implicit TLS. */
    public static final Set<String> NOTIFIER_EGRESS = Set.of("TCP/443", "TCP/587", "TCP/465");

    /** Ports that lead out of the cluster (Capital.com, notifier receivers): allowed to public addresses only. */
    public static final Set<Integer> INTERNET_PORTS = Set.of(443, 587, 465);

    /** Services whose HTTP API other workloads call; they accept pods labelled tickflow.io/&lt;service&gt;-client. */
    public static final Set<String> API_SERVICES = Set.of("execution", "alerting", "backtest");

    /**
     * Backtest worker pools, one Deployment backtest-&lt;class&gt; each (services/backtest/README.md#worker-classes):
     * worker class -> the tasks topic its ScaledObject watches; the consumer group is backtest-workers-&lt;class&gt;.
     */
    public static final Map<String, String> BACKTEST_POOLS = Map.of(
            "cpu", "tickflow.backtest.tasks.cpu.v1",
            "gpu", "tickflow.backtest.tasks.gpu.v1");

    /** Partitions of each pool's tasks topic: more workers than partitions would sit idle. */
    public static final Map<String, Integer> BACKTEST_POOL_PARTITIONS = Map.of("cpu", 12, "gpu", 6);

    /** The Deployment of a service: its name, except backtest, whose API is served by its cpu pool (and others). */
    public static String deployment(String service) {
        return "backtest".equals(service) ? "backtest-cpu" : service;
    }
}
