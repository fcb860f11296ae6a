package io.tickflow.deploy.support;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Settings that are credentials: on Kubernetes they must come from a Secret, never from a literal or ConfigMap. */
    public static final Set<String> SECRET_ENV = Set.of(
            "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "TICKFLOW_CAPITAL_API_KEY", "TICKFLOW_CAPITAL_IDENTIFIER", "TICKFLOW_CAPITAL_PASSWORD");

    /** Every environment variable {@code service} must receive. */
    public static Set<String> requiredEnv(String service) {
        Set<String> env = new LinkedHashSet<>(COMMON_ENV);
        if (DATABASE_SERVICES.contains(service)) {
            env.addAll(DATABASE_ENV);
        }
        if (BROKER_SERVICES.contains(service)) {
            env.addAll(BROKER_ENV);
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
        return env;
    }

    /**
     * The egress each workload may have (protocol/port), as the NetworkPolicies must allow it and nothing more.
     * Dev adds capital-sim (TCP/18090) for market-data and execution.
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
            expected.put(service, ports);
        }
        expected.put("kafka-topics", Set.of("UDP/53", "TCP/53", "TCP/9092"));
        return expected;
    }

    /** Services whose HTTP API other workloads call; they accept pods labelled tickflow.io/&lt;service&gt;-client. */
    public static final Set<String> API_SERVICES = Set.of("execution", "alerting", "backtest");

    public static final String BACKTEST_GROUP = "backtest-workers";
    public static final String BACKTEST_TOPIC = "tickflow.backtest.jobs.v1";
}
