package io.tickflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tickflow.deploy.support.Expectations;
import io.tickflow.deploy.support.Repo;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml, read with SnakeYAML (merge keys resolved) and interpolated the way Compose does, once with
 * .env.example as .env and once with no .env at all (the ${VAR:-default} defaults). No Docker needed.
 */
class DockerComposeTest {

    private static final Set<String> INFRA = Set.of("kafka", "kafka-init", "timescaledb", "jaeger", "prometheus",
            "alertmanager", "grafana");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options)).load(Repo.read("docker-compose.yml"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) compose().get("services");
    }

    private static Map<String, String> dotEnv(boolean present) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!present) {
            return env;
        }
        for (String line : Repo.read(".env.example").split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    /** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}; $$ is a literal $. */
    static String interpolate(String value, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        Matcher m = VARIABLE.matcher(value.replace("$$", "\u0000"));
        while (m.find()) {
            String name = m.group(1);
            String op = m.group(2);
            String set = env.get(name);
            String replacement;
            if (op == null) {
                replacement = set == null ? "" : set;
            } else if (op.equals(":-")) {
                replacement = set == null || set.isEmpty() ? m.group(3) : set;
            } else if (op.equals("-")) {
                replacement = set == null ? m.group(3) : set;
            } else if (set == null || (op.equals(":?") && set.isEmpty())) {
                throw new AssertionError("${" + name + "} is required: " + m.group(3));
            } else {
                replacement = set;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("\u0000", "$");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service, Map<String, String> env) {
        Map<String, String> result = new LinkedHashMap<>();
        Object e = service.get("environment");
        if (e instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : interpolate(String.valueOf(v), env)));
        } else if (e instanceof List<?> list) {
            for (Object item : list) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                result.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? env.get(s) : interpolate(s.substring(eq + 1), env));
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> profiles(Map<String, Object> service) {
        Object p = service.get("profiles");
        return p == null ? Set.of() : new LinkedHashSet<>((List<String>) p);
    }

    @ParameterizedTest(name = ".env present: {0}")
    @ValueSource(booleans = {true, false})
    void eachServiceGetsItsRequiredSettings(boolean withDotEnv) {
        Map<String, String> env = dotEnv(withDotEnv);
        List<String> problems = new ArrayList<>();
        for (String name : Expectations.SERVICES.keySet()) {
            Map<String, Object> service = services().get(name);
            if (service == null) {
                problems.add("no service " + name);
                continue;
            }
            Map<String, String> environment = environment(service, env);
            for (String required : Expectations.requiredEnv(name)) {
                String value = environment.get(required);
                if (value == null || value.isBlank()) {
                    problems.add(name + ": " + required + " is " + (value == null ? "missing" : "empty"));
                }
            }
            for (String forbidden : Expectations.forbiddenEnv(name)) {
                if (environment.containsKey(forbidden)) {
                    problems.add(name + ": gets " + forbidden + " but has no use for it");
                }
            }
            if (!"true".equals(environment.get("QUARKUS_LOG_CONSOLE_JSON"))) {
                problems.add(name + ": QUARKUS_LOG_CONSOLE_JSON is not true");
            }
            String bootstrap = environment.get("KAFKA_BOOTSTRAP_SERVERS");
            if (bootstrap != null && !bootstrap.startsWith("kafka:")) {
                problems.add(name + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not the kafka container");
            }
            String jdbc = environment.get("QUARKUS_DATASOURCE_JDBC_URL");
            if (jdbc != null && !jdbc.startsWith("jdbc:postgresql://timescaledb:5432/")) {
                problems.add(name + ": QUARKUS_DATASOURCE_JDBC_URL " + jdbc + " is not the timescaledb container");
            }
            String ports = String.valueOf(service.get("ports"));
            if (!ports.contains(":" + Expectations.SERVICES.get(name))) {
                problems.add(name + ": port " + Expectations.SERVICES.get(name) + " is not published");
            }
        }
        assertNoProblems(problems);
    }

    /**
     * alerting gets every notifier setting (so .env only fills in values), every route and the escalation list are
     * empty (every channel off), and no setting whose application default is not empty is passed empty: an empty
     * variable unsets it instead of falling back to the default.
     */
    @ParameterizedTest(name = ".env present: {0}")
    @ValueSource(booleans = {true, false})
    void alertingGetsEveryNotifierSettingWithEveryChannelOff(boolean withDotEnv) {
        Map<String, String> env = dotEnv(withDotEnv);
        Map<String, String> defaults = Expectations.alertingEnvDefaults();
        List<String> problems = new ArrayList<>();
        for (String name : Expectations.NOTIFIER_SERVICES) {
            Map<String, String> environment = environment(services().get(name), env);
            for (String variable : Expectations.notifierEnv()) {
                String value = environment.get(variable);
                String fallback = defaults.getOrDefault(variable, "");
                if (value == null) {
                    problems.add(name + ": no " + variable);
                } else if (Expectations.NOTIFIER_ROUTE_ENV.contains(variable) && !value.isBlank()) {
                    problems.add(name + ": " + variable + " is '" + value + "' by default: every channel must be off");
                } else if (Expectations.NOTIFIER_SECRET_ENV.containsKey(variable) && !value.isEmpty()) {
                    problems.add(name + ": " + variable + " has a default: credentials come from .env only");
                } else if (!fallback.isEmpty() && !fallback.equals(value)) {
                    problems.add(name + ": " + variable + " is '" + value + "', application.properties' default is '"
                            + fallback + "' (an empty value does not fall back to the default)");
                }
            }
        }
        assertNoProblems(problems);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyContainerHasAHealthCheck() {
        List<String> problems = new ArrayList<>();
        services().forEach((name, service) -> {
            Object hc = service.get("healthcheck");
            if (!(hc instanceof Map<?, ?> healthcheck)) {
                problems.add(name + ": no healthcheck");
                return;
            }
            if (Boolean.TRUE.equals(healthcheck.get("disable")) || !(healthcheck.get("test") instanceof List<?> test)
                    || test.isEmpty() || "NONE".equals(test.get(0))) {
                problems.add(name + ": healthcheck disabled or without a test");
                return;
            }
            for (String timing : List.of("interval", "timeout", "retries")) {
                if (!healthcheck.containsKey(timing)) {
                    problems.add(name + ": healthcheck without " + timing);
                }
            }
            String command = String.join(" ", (List<String>) healthcheck.get("test"));
            if (String.valueOf(service.get("image")).startsWith("ghcr.io/tickflow/")
                    && !command.contains("/q/health/ready")) {
                problems.add(name + ": a Tickflow service's healthcheck must ask /q/health/ready");
            }
        });
        assertNoProblems(problems);
    }

    @ParameterizedTest(name = ".env present: {0}")
    @ValueSource(booleans = {true, false})
    void everyImageIsPinned(boolean withDotEnv) {
        Map<String, String> env = dotEnv(withDotEnv);
        List<String> problems = new ArrayList<>();
        services().forEach((name, service) -> {
            Object raw = service.get("image");
            if (raw == null) {
                problems.add(name + ": no image (nothing is built by compose)");
                return;
            }
            String image = interpolate(String.valueOf(raw), env);
            String last = image.substring(image.lastIndexOf('/') + 1);
            if (!image.contains("@sha256:") && !last.contains(":")) {
                problems.add(name + ": image " + image + " has no tag");
            } else if (last.endsWith(":latest") || last.endsWith(":")) {
                problems.add(name + ": image " + image + " is not pinned");
            }
        });
        assertNoProblems(problems);
    }

    @Test
    @SuppressWarnings("unchecked")
    void startOrderWaitsForHealth() {
        Map<String, Map<String, Object>> services = services();
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> {
            Object deps = service.get("depends_on");
            if (deps == null) {
                return;
            }
            if (!(deps instanceof Map<?, ?> map)) {
                problems.add(name + ": depends_on is a list (no condition): use service_healthy");
                return;
            }
            ((Map<String, Object>) map).forEach((dep, spec) -> {
                Map<String, Object> target = services.get(dep);
                if (target == null) {
                    problems.add(name + " depends on unknown service " + dep);
                    return;
                }
                Object condition = spec instanceof Map<?, ?> s ? s.get("condition") : null;
                boolean oneShot = "no".equals(String.valueOf(target.get("restart")));
                String wanted = oneShot ? "service_completed_successfully" : "service_healthy";
                if (!wanted.equals(condition)) {
                    problems.add(name + " -> " + dep + ": condition " + condition + ", want " + wanted);
                }
                // a dependency must be active whenever the dependent is
                Set<String> missing = new LinkedHashSet<>(profiles(service));
                missing.removeAll(profiles(target));
                if (!profiles(target).isEmpty() && !missing.isEmpty()) {
                    problems.add(name + " -> " + dep + ": " + dep + " is not in profile(s) " + missing);
                }
            });
        });
        for (String service : Expectations.SERVICES.keySet()) {
            Map<String, Object> deps = (Map<String, Object>) services.get(service).get("depends_on");
            for (String needed : List.of("kafka", "kafka-init")) {
                if (deps == null || !deps.containsKey(needed)) {
                    problems.add(service + " does not wait for " + needed);
                }
            }
            if (Expectations.DATABASE_SERVICES.contains(service) && !deps.containsKey("timescaledb")) {
                problems.add(service + " does not wait for timescaledb");
            }
            if (Expectations.BROKER_SERVICES.contains(service) && !deps.containsKey("capital-sim")) {
                problems.add(service + " does not wait for capital-sim");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void profilesSeparateInfrastructureFromApplications() {
        Map<String, Map<String, Object>> services = services();
        Set<String> infraProfile = services.entrySet().stream()
                .filter(e -> profiles(e.getValue()).contains("infra")).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(INFRA), infraProfile, "docker compose --profile infra starts exactly these");
        Set<String> appProfile = services.entrySet().stream()
                .filter(e -> profiles(e.getValue()).contains("app")).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> everything = new TreeSet<>(services.keySet());
        assertEquals(everything, appProfile, "docker compose --profile app starts everything");
        for (String service : Expectations.SERVICES.keySet()) {
            assertTrue(!profiles(services.get(service)).contains("infra"), service + " must not be in profile infra");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void volumesAreNamedAndMountsExist() {
        Map<String, Object> compose = compose();
        Set<String> declared = ((Map<String, Object>) compose.get("volumes")).keySet();
        List<String> problems = new ArrayList<>();
        services().forEach((name, service) -> {
            for (Object v : (List<Object>) service.getOrDefault("volumes", List.of())) {
                String source = String.valueOf(v).split(":")[0];
                if (source.startsWith("./")) {
                    if (!source.startsWith("./deploy/")) {
                        problems.add(name + ": bind mount " + source + " outside deploy/");
                    } else if (source.startsWith("./deploy/k8s") && !Files.exists(Repo.path(source.substring(2)))) {
                        problems.add(name + ": bind mount " + source + " does not exist");
                    }
                } else if (!declared.contains(source)) {
                    problems.add(name + ": volume " + source + " is not a declared named volume");
                }
            }
            for (Object port : (List<Object>) service.getOrDefault("ports", List.of())) {
                if (!String.valueOf(port).startsWith("127.0.0.1:")) {
                    problems.add(name + ": port " + port + " is published on every interface");
                }
            }
        });
        assertNoProblems(problems);
    }

    @Test
    void everyVariableIsDocumentedInEnvExample() {
        Map<String, String> documented = dotEnv(true);
        Set<String> used = new TreeSet<>();
        Matcher m = VARIABLE.matcher(Repo.read("docker-compose.yml").replace("$$", ""));
        while (m.find()) {
            used.add(m.group(1));
        }
        used.removeAll(documented.keySet());
        assertTrue(used.isEmpty(), "variables of docker-compose.yml missing from .env.example: " + used);
    }

    @Test
    @SuppressWarnings("unchecked")
    void quarkusContainersRunNonRootAndReadOnly() {
        List<String> problems = new ArrayList<>();
        services().forEach((name, service) -> {
            if (!String.valueOf(service.get("image")).startsWith("ghcr.io/tickflow/")) {
                return;
            }
            if (!"185".equals(String.valueOf(service.get("user")))) {
                problems.add(name + ": user is " + service.get("user") + ", want 185");
            }
            if (!Boolean.TRUE.equals(service.get("read_only"))) {
                problems.add(name + ": read_only is not true");
            }
            if (!((List<Object>) service.getOrDefault("tmpfs", List.of())).contains("/tmp")) {
                problems.add(name + ": no tmpfs at /tmp");
            }
            if (!((List<Object>) service.getOrDefault("cap_drop", List.of())).contains("ALL")) {
                problems.add(name + ": capabilities not dropped");
            }
        });
        assertNoProblems(problems);
    }

    private static void assertNoProblems(List<String> problems) {
        if (!problems.isEmpty()) {
            fail("docker-compose.yml:\n  " + String.join("\n  ", problems));
        }
    }
}
