package io.tickflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.tickflow.deploy.support.Expectations;
import io.tickflow.deploy.support.Rendered;
import io.tickflow.deploy.support.Rendered.Workload;
import io.tickflow.deploy.support.Renders;
import io.tickflow.deploy.support.Repo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every render (kustomize dev/prod, Helm dev/prod) parsed strictly with the fabric8 model, then held to the
 * platform's rules. Each test names the object and field that break a rule.
 */
class KubernetesManifestsTest {

    static Stream<String> renders() {
        return Renders.all();
    }

    private static Rendered render(String name) {
        return Renders.get(name);
    }

    private static List<Container> containers(Workload w) {
        PodSpec spec = w.template().getSpec();
        List<Container> all = new ArrayList<>(spec.getContainers());
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        return all;
    }

    private static boolean tickflowImage(Container c) {
        return c.getImage().startsWith("ghcr.io/tickflow/");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void rendersAndParsesStrictly(String name) {
        Rendered r = render(name);
        assertFalse(r.objects().isEmpty(), name + " rendered nothing");
        for (String service : Expectations.SERVICES.keySet()) {
            r.get(Deployment.class, Expectations.deployment(service));
        }
        assertTrue(r.workloads().stream().anyMatch(w -> w.app().equals("kafka-topics")),
                name + ": no kafka-topics Job");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyContainerHasProbesRequestsAndLimits(String name) {
        List<String> problems = new ArrayList<>();
        for (Workload w : render(name).workloads()) {
            for (Container c : containers(w)) {
                String at = w + " container " + c.getName();
                ResourceRequirements res = c.getResources();
                for (String kind : List.of("requests", "limits")) {
                    Map<String, Quantity> q = res == null ? null
                            : kind.equals("requests") ? res.getRequests() : res.getLimits();
                    for (String resource : List.of("cpu", "memory")) {
                        if (q == null || q.get(resource) == null) {
                            problems.add(at + ": no resources." + kind + "." + resource);
                        }
                    }
                }
                if (res != null && res.getRequests() != null && res.getLimits() != null
                        && res.getLimits().get("memory") != null && res.getRequests().get("memory") != null
                        && Quantity.getAmountInBytes(res.getLimits().get("memory"))
                                .compareTo(Quantity.getAmountInBytes(res.getRequests().get("memory"))) < 0) {
                    problems.add(at + ": memory limit below its request");
                }
                // a Job's container runs to completion: readiness and liveness do not apply
                if (w.longRunning()) {
                    if (c.getStartupProbe() == null) {
                        problems.add(at + ": no startupProbe");
                    }
                    if (c.getReadinessProbe() == null) {
                        problems.add(at + ": no readinessProbe");
                    }
                    if (c.getLivenessProbe() == null) {
                        problems.add(at + ": no livenessProbe");
                    }
                }
            }
        }
        assertNoProblems(name, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void tickflowServicesProbeTheQuarkusHealthEndpoints(String name) {
        Rendered r = render(name);
        List<String> problems = new ArrayList<>();
        for (Workload w : r.workloads()) {
            for (Container c : containers(w)) {
                if (!tickflowImage(c)) {
                    continue;
                }
                String at = w + " container " + c.getName();
                expectHttpProbe(problems, at, "startupProbe", c.getStartupProbe(), "/q/health/started", c);
                expectHttpProbe(problems, at, "readinessProbe", c.getReadinessProbe(), "/q/health/ready", c);
                expectHttpProbe(problems, at, "livenessProbe", c.getLivenessProbe(), "/q/health/live", c);
                Probe startup = c.getStartupProbe();
                if (startup != null) {
                    int window = or(startup.getInitialDelaySeconds(), 0)
                            + or(startup.getPeriodSeconds(), 10) * or(startup.getFailureThreshold(), 3);
                    if (window < 60) {
                        problems.add(at + ": startupProbe allows only " + window
                                + " s for start-up (Flyway migrations need more)");
                    }
                }
                Integer port = w.app().equals("capital-sim") ? Integer.valueOf(Expectations.CAPITAL_SIM_PORT)
                        : Expectations.SERVICES.get(w.app());
                if (port != null && c.getPorts().stream().noneMatch(p -> p.getContainerPort().equals(port))) {
                    problems.add(at + ": does not expose port " + port);
                }
            }
        }
        assertNoProblems(name, problems);
    }

    private static void expectHttpProbe(List<String> problems, String at, String which, Probe probe, String path,
            Container c) {
        if (probe == null) {
            return;
        }
        if (probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath())) {
            problems.add(at + ": " + which + " is not an HTTP GET of " + path);
            return;
        }
        IntOrString port = probe.getHttpGet().getPort();
        boolean resolves = port.getStrVal() != null
                ? c.getPorts().stream().anyMatch(p -> port.getStrVal().equals(p.getName()))
                : c.getPorts().stream().anyMatch(p -> p.getContainerPort().equals(port.getIntVal()));
        if (!resolves) {
            problems.add(at + ": " + which + " port " + port + " is not a port of the container");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyPodRunsAsNonRootWithoutPrivileges(String name) {
        List<String> problems = new ArrayList<>();
        for (Workload w : render(name).workloads()) {
            PodSpec spec = w.template().getSpec();
            PodSecurityContext pod = spec.getSecurityContext();
            if (pod == null) {
                problems.add(w + ": no pod securityContext");
                continue;
            }
            if (!Boolean.TRUE.equals(pod.getRunAsNonRoot())) {
                problems.add(w + ": pod securityContext.runAsNonRoot is not true");
            }
            if (pod.getRunAsUser() == null || pod.getRunAsUser() == 0) {
                problems.add(w + ": pod securityContext.runAsUser is " + pod.getRunAsUser() + " (must be a non-zero uid)");
            }
            if (pod.getSeccompProfile() == null || !"RuntimeDefault".equals(pod.getSeccompProfile().getType())) {
                problems.add(w + ": pod seccompProfile is not RuntimeDefault");
            }
            if (Boolean.TRUE.equals(spec.getHostNetwork()) || Boolean.TRUE.equals(spec.getHostPID())
                    || Boolean.TRUE.equals(spec.getHostIPC())) {
                problems.add(w + ": uses a host namespace");
            }
            if (!Boolean.FALSE.equals(spec.getAutomountServiceAccountToken())) {
                problems.add(w + ": automountServiceAccountToken is not false (nothing here calls the API)");
            }
            for (Container c : containers(w)) {
                String at = w + " container " + c.getName();
                SecurityContext sc = c.getSecurityContext();
                if (sc == null) {
                    problems.add(at + ": no securityContext");
                    continue;
                }
                if (Boolean.FALSE.equals(sc.getRunAsNonRoot())) {
                    problems.add(at + ": runAsNonRoot false");
                }
                if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
                    problems.add(at + ": runAsUser 0");
                }
                if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    problems.add(at + ": allowPrivilegeEscalation is not false");
                }
                if (Boolean.TRUE.equals(sc.getPrivileged())) {
                    problems.add(at + ": privileged");
                }
                if (sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                        || !sc.getCapabilities().getDrop().contains("ALL")) {
                    problems.add(at + ": capabilities do not drop ALL");
                } else if (sc.getCapabilities().getAdd() != null && !sc.getCapabilities().getAdd().isEmpty()) {
                    problems.add(at + ": adds capabilities " + sc.getCapabilities().getAdd());
                }
                if (tickflowImage(c) && !Set.of(185L, 1001L).contains(
                        sc.getRunAsUser() != null ? sc.getRunAsUser() : pod.getRunAsUser())) {
                    problems.add(at + ": Tickflow images run as user 185 (or 1001)");
                }
            }
        }
        assertNoProblems(name, problems);
    }

    /**
     * Root file systems are read-only, with an emptyDir for /tmp. The only exceptions are third-party dev-only
     * containers whose pod says why (annotation tickflow.io/security-exception naming readOnlyRootFilesystem).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void rootFileSystemsAreReadOnly(String name) {
        List<String> problems = new ArrayList<>();
        for (Workload w : render(name).workloads()) {
            String exception = w.podAnnotations().getOrDefault("tickflow.io/security-exception", "");
            for (Container c : containers(w)) {
                String at = w + " container " + c.getName();
                SecurityContext sc = c.getSecurityContext();
                boolean readOnly = sc != null && Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem());
                if (!readOnly) {
                    if (tickflowImage(c) || w.app().equals("kafka-topics")) {
                        problems.add(at + ": readOnlyRootFilesystem must be true");
                    } else if (!exception.contains("readOnlyRootFilesystem")) {
                        problems.add(at + ": readOnlyRootFilesystem is not true and the pod has no "
                                + "tickflow.io/security-exception annotation explaining why");
                    } else if (name.contains("prod")) {
                        problems.add(at + ": a read-only exception in a production render");
                    }
                    continue;
                }
                Optional<VolumeMount> tmp = c.getVolumeMounts() == null ? Optional.empty()
                        : c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst();
                if (tmp.isEmpty()) {
                    problems.add(at + ": read-only root but no volume at /tmp (Quarkus and the JVM write there)");
                    continue;
                }
                Optional<Volume> volume = w.template().getSpec().getVolumes().stream()
                        .filter(v -> v.getName().equals(tmp.get().getName())).findFirst();
                if (volume.isEmpty() || volume.get().getEmptyDir() == null) {
                    problems.add(at + ": /tmp is not an emptyDir");
                }
            }
        }
        assertNoProblems(name, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void imagesArePinnedAndNeverLatest(String name) {
        List<String> problems = new ArrayList<>();
        for (Workload w : render(name).workloads()) {
            for (Container c : containers(w)) {
                String image = c.getImage();
                String afterRegistry = image.substring(image.lastIndexOf('/') + 1);
                boolean digest = image.contains("@sha256:");
                int colon = afterRegistry.indexOf(':');
                String tag = colon < 0 ? null : afterRegistry.substring(colon + 1).replaceAll("@.*", "");
                if (!digest && (tag == null || tag.isBlank())) {
                    problems.add(w + ": image " + image + " has no tag");
                } else if ("latest".equalsIgnoreCase(tag)) {
                    problems.add(w + ": image " + image + " uses :latest");
                }
                if ("Always".equals(c.getImagePullPolicy()) && !digest) {
                    problems.add(w + ": imagePullPolicy Always (tags are pinned: use IfNotPresent)");
                }
            }
        }
        assertNoProblems(name, problems);
    }

    /**
     * Every ConfigMap/Secret an env var, envFrom or volume references exists in the render with the referenced key.
     * Prod renders create no Secrets: their references must be in deploy/k8s/external-secrets.yaml.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyReferencedConfigMapAndSecretKeyExists(String name) {
        Rendered r = render(name);
        Map<String, Set<String>> external = externalSecrets();
        List<String> problems = new ArrayList<>();
        for (Workload w : r.workloads()) {
            for (Container c : containers(w)) {
                String at = w + " container " + c.getName();
                for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (e.getValueFrom() == null) {
                        continue;
                    }
                    var cm = e.getValueFrom().getConfigMapKeyRef();
                    var sk = e.getValueFrom().getSecretKeyRef();
                    if (cm != null && !Boolean.TRUE.equals(cm.getOptional())) {
                        Optional<ConfigMap> map = r.configMap(cm.getName());
                        if (map.isEmpty()) {
                            problems.add(at + " env " + e.getName() + ": ConfigMap " + cm.getName() + " is not rendered");
                        } else if (!keys(map.get()).contains(cm.getKey())) {
                            problems.add(at + " env " + e.getName() + ": ConfigMap " + cm.getName() + " has no key "
                                    + cm.getKey());
                        }
                    }
                    if (sk != null && !Boolean.TRUE.equals(sk.getOptional())) {
                        checkSecretKey(r, external, problems, at + " env " + e.getName(), sk.getName(), sk.getKey());
                    } else if (sk != null) {
                        // optional: the pod starts without it, but operators learn of it only from the list
                        checkOptionalSecretKey(external, problems, at + " env " + e.getName(), sk.getName(),
                                sk.getKey());
                    }
                }
                for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())
                            && r.configMap(from.getConfigMapRef().getName()).isEmpty()) {
                        problems.add(at + " envFrom: ConfigMap " + from.getConfigMapRef().getName() + " is not rendered");
                    }
                    if (from.getSecretRef() != null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                        checkSecretKey(r, external, problems, at + " envFrom", from.getSecretRef().getName(), null);
                    }
                }
            }
            for (Volume v : Objects.requireNonNullElse(w.template().getSpec().getVolumes(), List.<Volume>of())) {
                if (v.getConfigMap() != null && r.configMap(v.getConfigMap().getName()).isEmpty()) {
                    problems.add(w + " volume " + v.getName() + ": ConfigMap " + v.getConfigMap().getName()
                            + " is not rendered");
                }
                if (v.getSecret() != null) {
                    checkSecretKey(r, external, problems, w + " volume " + v.getName(), v.getSecret().getSecretName(),
                            null);
                }
            }
        }
        if (r.prod()) {
            assertTrue(r.all(Secret.class).isEmpty(),
                    name + ": a production render must not contain Secrets (they come from outside), found "
                            + r.all(Secret.class).stream().map(s -> s.getMetadata().getName()).toList());
        }
        assertNoProblems(name, problems);
    }

    private static void checkSecretKey(Rendered r, Map<String, Set<String>> external, List<String> problems,
            String at, String secret, String key) {
        Optional<Secret> rendered = r.secret(secret);
        if (rendered.isPresent()) {
            if (key != null && !keys(rendered.get()).contains(key)) {
                problems.add(at + ": Secret " + secret + " has no key " + key);
            }
            return;
        }
        if (!r.prod()) {
            problems.add(at + ": Secret " + secret + " is not rendered (non-prod renders bring their Secrets)");
            return;
        }
        Set<String> keys = external.get(secret);
        if (keys == null) {
            problems.add(at + ": Secret " + secret + " is neither rendered nor listed in deploy/k8s/external-secrets.yaml");
        } else if (key != null && !keys.contains(key)) {
            problems.add(at + ": key " + key + " of Secret " + secret + " is not listed in deploy/k8s/external-secrets.yaml");
        }
    }

    private static void checkOptionalSecretKey(Map<String, Set<String>> external, List<String> problems, String at,
            String secret, String key) {
        Set<String> keys = external.get(secret);
        if (keys == null) {
            problems.add(at + ": optional Secret " + secret + " is not listed in deploy/k8s/external-secrets.yaml");
        } else if (!keys.contains(key)) {
            problems.add(at + ": key " + key + " of optional Secret " + secret
                    + " is not listed in deploy/k8s/external-secrets.yaml");
        } else if (!optionalExternalSecrets().contains(secret)) {
            problems.add(at + ": an optional reference to Secret " + secret
                    + ", which deploy/k8s/external-secrets.yaml lists as required (mark it optional: true)");
        }
    }

    private static Set<String> keys(ConfigMap map) {
        Set<String> keys = new LinkedHashSet<>();
        if (map.getData() != null) {
            keys.addAll(map.getData().keySet());
        }
        if (map.getBinaryData() != null) {
            keys.addAll(map.getBinaryData().keySet());
        }
        return keys;
    }

    private static Set<String> keys(Secret secret) {
        Set<String> keys = new LinkedHashSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        return keys;
    }

    /** deploy/k8s/external-secrets.yaml: Secret name -> keys. */
    @SuppressWarnings("unchecked")
    static Map<String, Set<String>> externalSecrets() {
        Map<String, Object> doc = new Yaml().load(Repo.read("deploy/k8s/external-secrets.yaml"));
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) doc.get("secrets")).forEach(
                (name, spec) -> secrets.put(name, new LinkedHashSet<>((List<String>) spec.get("keys"))));
        return secrets;
    }

    /** The Secrets deploy/k8s/external-secrets.yaml marks {@code optional: true}: pods start without them. */
    @SuppressWarnings("unchecked")
    static Set<String> optionalExternalSecrets() {
        Map<String, Object> doc = new Yaml().load(Repo.read("deploy/k8s/external-secrets.yaml"));
        Set<String> optional = new LinkedHashSet<>();
        ((Map<String, Map<String, Object>>) doc.get("secrets")).forEach((name, spec) -> {
            if (Boolean.TRUE.equals(spec.get("optional"))) {
                optional.add(name);
            }
        });
        return optional;
    }

    /**
     * The settings table of the brief: every service gets what it needs (Kafka, OTLP, JSON logs; the database for
     * four; Capital.com for two), credentials only from Secrets, and nothing it has no use for.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyServiceGetsItsRequiredSettings(String name) {
        Rendered r = render(name);
        Map<String, Set<String>> external = externalSecrets();
        List<String> problems = new ArrayList<>();
        for (String service : Expectations.SERVICES.keySet()) {
            Container c = r.get(Deployment.class, Expectations.deployment(service)).getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> env = effectiveEnv(r, c, external);
            for (String required : Expectations.requiredEnv(service)) {
                String value = env.get(required);
                if (value == null) {
                    problems.add(service + ": no " + required);
                } else if (value.isBlank()) {
                    problems.add(service + ": " + required + " is empty");
                }
            }
            for (String forbidden : Expectations.forbiddenEnv(service)) {
                if (env.containsKey(forbidden)) {
                    problems.add(service + ": gets " + forbidden + " but has no use for it");
                }
            }
            if (!"true".equals(env.get("QUARKUS_LOG_CONSOLE_JSON"))) {
                problems.add(service + ": QUARKUS_LOG_CONSOLE_JSON is " + env.get("QUARKUS_LOG_CONSOLE_JSON")
                        + ", containers log JSON");
            }
            for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
                if (Expectations.SECRET_ENV.contains(e.getName())
                        && (e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null)) {
                    problems.add(service + ": " + e.getName() + " must come from a secretKeyRef");
                }
            }
            for (String secretVar : Expectations.SECRET_ENV) {
                if (env.containsKey(secretVar) && c.getEnv().stream().noneMatch(e -> e.getName().equals(secretVar))) {
                    problems.add(service + ": " + secretVar + " comes from a ConfigMap, not a Secret");
                }
            }
            if (r.prod() && "true".equals(env.get("TICKFLOW_CAPITAL_LIVE_TRADING_ENABLED"))) {
                problems.add(service + ": live trading switched on in the repository (flip it in a reviewed change)");
            }
            if (!r.prod() && Expectations.BROKER_SERVICES.contains(service)
                    && !env.getOrDefault("TICKFLOW_CAPITAL_BASE_URL", "").contains("capital-sim")) {
                problems.add(service + ": a dev render must trade against capital-sim, not "
                        + env.get("TICKFLOW_CAPITAL_BASE_URL"));
            }
        }
        assertNoProblems(name, problems);
    }

    /**
     * alerting's notifiers (services/alerting/README.md): every setting is passed (so an operator only edits values),
     * credentials through optional secretKeyRefs of the notifier Secret, every route and the escalation list empty
     * (every channel off: a route naming an unconfigured channel stops the start-up), and no setting whose
     * application default is not empty is passed empty (an empty variable unsets it instead of falling back).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void alertingGetsEveryNotifierSettingWithEveryChannelOff(String name) {
        Rendered r = render(name);
        Map<String, String> defaults = Expectations.alertingEnvDefaults();
        List<String> problems = new ArrayList<>();
        for (String service : Expectations.NOTIFIER_SERVICES) {
            Container c = r.get(Deployment.class, Expectations.deployment(service)).getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> env = effectiveEnv(r, c, externalSecrets());
            for (String config : Expectations.NOTIFIER_CONFIG_ENV) {
                String value = env.get(config);
                String fallback = defaults.getOrDefault(config, "");
                if (value == null) {
                    problems.add(service + ": no " + config + " (put it in " + service + "-config)");
                } else if (Expectations.NOTIFIER_ROUTE_ENV.contains(config) && !value.isBlank()) {
                    problems.add(service + ": " + config + " is '" + value + "': the deployment files switch on no "
                            + "channel (its settings would be needed at start-up)");
                } else if (!fallback.isEmpty() && !fallback.equals(value)) {
                    problems.add(service + ": " + config + " is '" + value + "', application.properties' default is '"
                            + fallback + "' (an empty value does not fall back to the default)");
                }
            }
            Map<String, EnvVar> vars = new HashMap<>();
            Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of()).forEach(e -> vars.put(e.getName(), e));
            Expectations.NOTIFIER_SECRET_ENV.forEach((variable, key) -> {
                EnvVar e = vars.get(variable);
                var ref = e == null || e.getValueFrom() == null ? null : e.getValueFrom().getSecretKeyRef();
                if (ref == null) {
                    problems.add(service + ": " + variable + " is not a secretKeyRef");
                } else if (!Expectations.NOTIFIER_SECRET.equals(ref.getName()) || !key.equals(ref.getKey())) {
                    problems.add(service + ": " + variable + " comes from " + ref.getName() + "/" + ref.getKey()
                            + ", want " + Expectations.NOTIFIER_SECRET + "/" + key);
                } else if (!Boolean.TRUE.equals(ref.getOptional())) {
                    problems.add(service + ": " + variable + "'s secretKeyRef is not optional: alerting would not "
                            + "start without the notifier Secret");
                }
            });
        }
        assertNoProblems(name, problems);
    }

    /** The notifier variables of Expectations are the ones alerting's application.properties reads. */
    @Test
    void theNotifierSettingsAreTheOnesAlertingReads() {
        Set<String> read = new java.util.TreeSet<>(Expectations.alertingEnvDefaults().keySet());
        Set<String> expected = new java.util.TreeSet<>(Expectations.notifierEnv());
        expected.addAll(Expectations.NOTIFIER_NOT_DEPLOYED_ENV);
        assertEquals(expected, read, Expectations.ALERTING_PROPERTIES + " reads other notifier variables than "
                + "the deployment files pass (Expectations.NOTIFIER_*)");
    }

    /** Name -> value of every variable the container gets ("<secret>" for Secret-backed ones). */
    static Map<String, String> effectiveEnv(Rendered r, Container c, Map<String, Set<String>> external) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
            String prefix = Objects.requireNonNullElse(from.getPrefix(), "");
            if (from.getConfigMapRef() != null) {
                r.configMap(from.getConfigMapRef().getName()).map(ConfigMap::getData)
                        .ifPresent(d -> d.forEach((k, v) -> env.put(prefix + k, v)));
            }
            if (from.getSecretRef() != null) {
                r.secret(from.getSecretRef().getName()).ifPresentOrElse(
                        s -> keys(s).forEach(k -> env.put(prefix + k, "<secret>")),
                        () -> external.getOrDefault(from.getSecretRef().getName(), Set.of())
                                .forEach(k -> env.put(prefix + k, "<secret>")));
            }
        }
        for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
            if (e.getValueFrom() == null) {
                env.put(e.getName(), Objects.requireNonNullElse(e.getValue(), ""));
            } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                env.put(e.getName(), r.configMap(ref.getName()).map(ConfigMap::getData)
                        .map(d -> d.get(ref.getKey())).orElse(null));
            } else if (e.getValueFrom().getSecretKeyRef() != null) {
                env.put(e.getName(), "<secret>");
            } else {
                env.put(e.getName(), "<field>");
            }
        }
        env.values().removeIf(Objects::isNull);
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void executionIsOneInstanceRecreated(String name) {
        Rendered r = render(name);
        Deployment execution = r.get(Deployment.class, "execution");
        assertEquals(1, execution.getSpec().getReplicas(), name + ": execution must have exactly 1 replica");
        assertEquals("Recreate", execution.getSpec().getStrategy().getType(),
                name + ": execution must use the Recreate strategy (never two instances trading at once)");
        assertNull(execution.getSpec().getStrategy().getRollingUpdate(), name + ": Recreate takes no rollingUpdate");
        for (HorizontalPodAutoscaler hpa : r.all(HorizontalPodAutoscaler.class)) {
            assertFalse(hpa.getSpec().getScaleTargetRef().getName().equals("execution"),
                    name + ": an HPA scales execution");
        }
        for (GenericKubernetesResource so : r.custom("ScaledObject")) {
            assertFalse("execution".equals(scaleTarget(so)), name + ": a ScaledObject scales execution");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyDeploymentAndStatefulSetHasAServiceAndADisruptionBudget(String name) {
        Rendered r = render(name);
        List<String> problems = new ArrayList<>();
        for (Workload w : r.workloads()) {
            if (!w.longRunning()) {
                continue;
            }
            Map<String, String> labels = w.podLabels();
            List<PodDisruptionBudget> pdbs = r.all(PodDisruptionBudget.class).stream()
                    .filter(p -> selects(p.getSpec().getSelector(), labels)).toList();
            if (pdbs.size() != 1) {
                problems.add(w + ": " + pdbs.size() + " PodDisruptionBudgets select its pods (want exactly 1)");
            } else {
                PodDisruptionBudget pdb = pdbs.get(0);
                Integer replicas = replicas(w);
                IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
                IntOrString minAvailable = pdb.getSpec().getMinAvailable();
                if (maxUnavailable != null && maxUnavailable.getIntVal() != null && maxUnavailable.getIntVal() < 1) {
                    problems.add(w + ": PDB maxUnavailable " + maxUnavailable.getIntVal() + " blocks every node drain");
                }
                if (minAvailable != null && minAvailable.getIntVal() != null
                        && minAvailable.getIntVal() >= (replicas == null ? 1 : replicas)) {
                    problems.add(w + ": PDB minAvailable " + minAvailable.getIntVal() + " >= replicas blocks node drains");
                }
            }
            List<Service> services = r.all(Service.class).stream()
                    .filter(s -> s.getSpec().getSelector() != null && !s.getSpec().getSelector().isEmpty()
                            && labels.entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                    .toList();
            if (services.isEmpty()) {
                problems.add(w + ": no Service selects its pods");
            }
            for (Service s : services) {
                for (ServicePort port : s.getSpec().getPorts()) {
                    IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort())
                            : port.getTargetPort();
                    boolean resolves = w.template().getSpec().getContainers().stream()
                            .flatMap(c -> Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of()).stream())
                            .anyMatch(p -> target.getStrVal() != null ? target.getStrVal().equals(p.getName())
                                    : p.getContainerPort().equals(target.getIntVal()));
                    if (!resolves) {
                        problems.add("Service " + s.getMetadata().getName() + " port " + port.getName()
                                + ": targetPort " + target + " is no container port of " + w);
                    }
                }
            }
        }
        for (String service : Expectations.SERVICES.keySet()) {
            Service s = r.get(Service.class, service);
            int expected = Expectations.SERVICES.get(service);
            if (s.getSpec().getPorts().stream().noneMatch(p -> p.getPort() == expected)) {
                problems.add("Service " + service + " does not listen on " + expected);
            }
        }
        assertNoProblems(name, problems);
    }

    private static Integer replicas(Workload w) {
        if (w.object() instanceof Deployment d) {
            return d.getSpec().getReplicas();
        }
        if (w.object() instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet s) {
            return s.getSpec().getReplicas();
        }
        return null;
    }

    /**
     * Backtest worker pools: per worker class a Deployment backtest-&lt;class&gt; and one KEDA ScaledObject with a kafka
     * trigger (group backtest-workers-&lt;class&gt;, the class's tasks topic) and a cpu trigger, i.e. one HPA owned by
     * KEDA each; no HorizontalPodAutoscaler of our own and no replica count in the Deployments, so nothing fights over
     * replicas. The cpu pool keeps one worker (it serves the API); the gpu pool may idle at zero. Each pool's pods
     * carry their class in the selector, so two pools never claim each other's pods.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    @SuppressWarnings("unchecked")
    void backtestPoolsScaleThroughOneKedaScaledObjectEach(String name) {
        Rendered r = render(name);
        List<GenericKubernetesResource> scaledObjects = r.custom("ScaledObject");
        assertEquals(Expectations.BACKTEST_POOLS.size(), scaledObjects.size(),
                name + ": want one ScaledObject per backtest pool");
        for (var pool : Expectations.BACKTEST_POOLS.entrySet()) {
            String deployment = "backtest-" + pool.getKey();
            GenericKubernetesResource so = scaledObjects.stream().filter(s -> deployment.equals(scaleTarget(s)))
                    .findFirst().orElseThrow(() -> new AssertionError(name + ": no ScaledObject targets " + deployment));
            checkScaledObjectFields(so);
            Map<String, Object> spec = (Map<String, Object>) so.getAdditionalProperties().get("spec");
            List<Map<String, Object>> triggers = (List<Map<String, Object>>) spec.get("triggers");
            Map<String, Object> kafka = triggers.stream().filter(t -> "kafka".equals(t.get("type"))).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": " + deployment + " has no kafka trigger"));
            Map<String, Object> kafkaMeta = (Map<String, Object>) kafka.get("metadata");
            assertEquals("backtest-workers-" + pool.getKey(), kafkaMeta.get("consumerGroup"),
                    name + ": " + deployment + " kafka trigger group");
            assertEquals(pool.getValue(), kafkaMeta.get("topic"), name + ": " + deployment + " kafka trigger topic");
            Deployment d = r.get(Deployment.class, deployment);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> env = effectiveEnv(r, c, externalSecrets());
            assertTrue(kafkaMeta.containsKey("bootstrapServers") || kafkaMeta.containsKey("bootstrapServersFromEnv"),
                    name + ": kafka trigger without bootstrap servers");
            if (kafkaMeta.get("bootstrapServersFromEnv") instanceof String envName) {
                assertNotNull(env.get(envName), name + ": bootstrapServersFromEnv names " + envName + ", which "
                        + deployment + "'s container lacks");
            }
            // the pool's workers read the topic its ScaledObject watches (the service checks class and topic agree)
            assertEquals(pool.getKey(), env.get("TICKFLOW_BACKTEST_WORKER_CLASS"), name + ": " + deployment
                    + " worker class");
            String topic = env.getOrDefault("MP_MESSAGING_INCOMING_BACKTEST_TASKS_TOPIC",
                    Expectations.BACKTEST_POOLS.get("cpu"));
            assertEquals(pool.getValue(), topic, name + ": " + deployment + " reads another tasks topic");
            assertEquals("backtest-workers-" + pool.getKey(), env.getOrDefault(
                    "MP_MESSAGING_INCOMING_BACKTEST_TASKS_GROUP_ID", "backtest-workers-cpu"),
                    name + ": " + deployment + " consumer group");
            assertEquals(pool.getKey(), d.getSpec().getSelector().getMatchLabels().get("tickflow.io/worker-class"),
                    name + ": " + deployment + " selector without its worker class");
            Map<String, Object> cpu = triggers.stream().filter(t -> "cpu".equals(t.get("type"))).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": no cpu trigger (CPU scaling goes through KEDA)"));
            assertEquals("Utilization", cpu.get("metricType"), name + ": cpu trigger metricType");
            int partitions = Expectations.BACKTEST_POOL_PARTITIONS.get(pool.getKey());
            Object max = spec.get("maxReplicaCount");
            assertTrue(max instanceof Integer m && m >= 1 && m <= partitions, name + ": " + deployment
                    + " maxReplicaCount " + max + " (1.." + partitions + ": partitions of its tasks topic)");
            Object min = spec.get("minReplicaCount");
            int floor = "cpu".equals(pool.getKey()) ? 1 : 0;
            assertTrue(min instanceof Integer m && m >= floor, name + ": " + deployment + " minReplicaCount " + min
                    + " (>= " + floor + (floor == 1 ? ": the REST API)" : ")"));
            assertNull(d.getSpec().getReplicas(),
                    name + ": " + deployment + " sets spec.replicas, which every apply would reset under the HPA");
            assertNotNull(c.getResources().getRequests().get("cpu"), name + ": the cpu trigger needs a cpu request");
        }
        for (HorizontalPodAutoscaler hpa : r.all(HorizontalPodAutoscaler.class)) {
            fail(name + ": HorizontalPodAutoscaler " + hpa.getMetadata().getName()
                    + " would fight KEDA's; put its metric in the ScaledObject");
        }
    }

    private static String scaleTarget(GenericKubernetesResource so) {
        Object spec = so.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> s && s.get("scaleTargetRef") instanceof Map<?, ?> ref) {
            Object kind = ref.get("kind");
            if (kind != null && !"Deployment".equals(kind)) {
                return kind + "/" + ref.get("name");
            }
            return (String) ref.get("name");
        }
        return null;
    }

    private static final Set<String> SCALED_OBJECT_SPEC = Set.of("scaleTargetRef", "pollingInterval",
            "cooldownPeriod", "initialCooldownPeriod", "idleReplicaCount", "minReplicaCount", "maxReplicaCount",
            "fallback", "advanced", "triggers");
    private static final Set<String> TRIGGER = Set.of("type", "name", "metadata", "authenticationRef", "metricType",
            "useCachedMetrics");
    private static final Set<String> KAFKA_METADATA = Set.of("bootstrapServers", "bootstrapServersFromEnv",
            "consumerGroup", "consumerGroupFromEnv", "topic", "topicFromEnv", "lagThreshold", "activationLagThreshold",
            "offsetResetPolicy", "allowIdleConsumers", "excludePersistentLag", "scaleToZeroOnInvalidOffset",
            "limitToPartitionsWithLag", "partitionLimitation", "version", "sasl", "tls", "unsafeSsl");
    private static final Set<String> CPU_METADATA = Set.of("value", "containerName");

    /** The fabric8 model has no KEDA types: check the ScaledObject's fields against KEDA's v1alpha1 schema. */
    @SuppressWarnings("unchecked")
    private static void checkScaledObjectFields(GenericKubernetesResource so) {
        Map<String, Object> spec = (Map<String, Object>) so.getAdditionalProperties().get("spec");
        assertNotNull(spec, "ScaledObject without spec");
        assertKnown("ScaledObject.spec", spec.keySet(), SCALED_OBJECT_SPEC);
        assertKnown("spec.scaleTargetRef", ((Map<String, Object>) spec.get("scaleTargetRef")).keySet(),
                Set.of("apiVersion", "kind", "name", "envSourceContainerName"));
        if (spec.get("advanced") instanceof Map<?, ?> advanced) {
            assertKnown("spec.advanced", (Set<String>) advanced.keySet(),
                    Set.of("restoreToOriginalReplicaCount", "horizontalPodAutoscalerConfig", "scalingModifiers"));
            if (advanced.get("horizontalPodAutoscalerConfig") instanceof Map<?, ?> hpa) {
                assertKnown("spec.advanced.horizontalPodAutoscalerConfig", (Set<String>) hpa.keySet(),
                        Set.of("name", "behavior"));
                if (hpa.get("behavior") != null) {
                    io.tickflow.deploy.support.StrictModel.convert(hpa.get("behavior"),
                            HorizontalPodAutoscalerBehavior.class, "spec.advanced.horizontalPodAutoscalerConfig.behavior");
                }
            }
        }
        for (Map<String, Object> trigger : (List<Map<String, Object>>) spec.get("triggers")) {
            assertKnown("trigger " + trigger.get("type"), trigger.keySet(), TRIGGER);
            Map<String, Object> metadata = (Map<String, Object>) trigger.get("metadata");
            Set<String> allowed = switch (String.valueOf(trigger.get("type"))) {
                case "kafka" -> KAFKA_METADATA;
                case "cpu", "memory" -> CPU_METADATA;
                default -> throw new AssertionError("unexpected trigger type " + trigger.get("type"));
            };
            assertKnown("trigger " + trigger.get("type") + " metadata", metadata.keySet(), allowed);
            metadata.forEach((k, v) -> assertTrue(v instanceof String,
                    "trigger metadata " + k + " must be a string (KEDA metadata is map[string]string), was " + v));
        }
    }

    private static void assertKnown(String where, Set<String> keys, Set<String> known) {
        Set<String> unknown = new LinkedHashSet<>(keys);
        unknown.removeAll(known);
        assertTrue(unknown.isEmpty(), where + ": unknown fields " + unknown);
    }

    /** preStop sleep, then Quarkus' shutdown (QUARKUS_SHUTDOWN_TIMEOUT), both within the grace period. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void servicesDrainBeforeTheyAreKilled(String name) {
        Rendered r = render(name);
        List<String> problems = new ArrayList<>();
        for (String service : Expectations.SERVICES.keySet()) {
            PodSpec pod = r.get(Deployment.class, Expectations.deployment(service)).getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            long preStop = preStopSeconds(c);
            if (preStop < 5) {
                problems.add(service + ": preStop sleep " + preStop + " s (at least 5 s so endpoints drain first)");
            }
            long grace = pod.getTerminationGracePeriodSeconds() == null ? 30 : pod.getTerminationGracePeriodSeconds();
            String timeout = effectiveEnv(r, c, externalSecrets()).getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT", "0s");
            long shutdown = Long.parseLong(timeout.replaceAll("[^0-9]", ""));
            if (grace < preStop + shutdown + 5) {
                problems.add(service + ": terminationGracePeriodSeconds " + grace + " < preStop " + preStop
                        + " + QUARKUS_SHUTDOWN_TIMEOUT " + shutdown + " + 5 s for consumers to leave their groups");
            }
            if (pod.getTopologySpreadConstraints() == null || pod.getTopologySpreadConstraints().stream()
                    .noneMatch(t -> "kubernetes.io/hostname".equals(t.getTopologyKey()))) {
                problems.add(service + ": no topologySpreadConstraint over kubernetes.io/hostname");
            }
        }
        assertNoProblems(name, problems);
    }

    private static long preStopSeconds(Container c) {
        if (c.getLifecycle() == null || c.getLifecycle().getPreStop() == null) {
            return 0;
        }
        var handler = c.getLifecycle().getPreStop();
        if (handler.getSleep() != null && handler.getSleep().getSeconds() != null) {
            return handler.getSleep().getSeconds();
        }
        if (handler.getExec() != null && handler.getExec().getCommand() != null) {
            List<String> cmd = handler.getExec().getCommand();
            if (cmd.size() == 2 && cmd.get(0).endsWith("sleep")) {
                return Long.parseLong(cmd.get(1));
            }
        }
        return 0;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theNamespaceEnforcesTheRestrictedPodSecurityStandard(String name) {
        Rendered r = render(name);
        List<Namespace> namespaces = r.all(Namespace.class);
        if (namespaces.isEmpty()) {
            // Helm dev: helm install --create-namespace makes it
            assertTrue(r.helm() && !r.prod(), name + ": no Namespace rendered");
            return;
        }
        for (Namespace ns : namespaces) {
            assertEquals("restricted", ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"),
                    name + ": Namespace " + ns.getMetadata().getName() + " does not enforce the restricted PSS");
        }
    }

    @Test
    void theSecretsOfDevAndTheExampleMatchTheExternalList() {
        Map<String, Set<String>> external = externalSecrets();
        Map<String, Set<String>> example = new LinkedHashMap<>();
        for (Object doc : new Yaml().loadAll(Repo.read("deploy/k8s/base/secret-example.yaml"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> secret = (Map<String, Object>) doc;
            @SuppressWarnings("unchecked")
            Map<String, Object> meta = (Map<String, Object>) secret.get("metadata");
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) secret.get("stringData");
            example.put((String) meta.get("name"), new LinkedHashSet<>(data.keySet()));
        }
        assertEquals(external, example, "deploy/k8s/base/secret-example.yaml and deploy/k8s/external-secrets.yaml");
        // optional Secrets (alerting's notifier credentials) are never generated: a dev render works without them,
        // and a generator would invite committing a real webhook URL or token
        Map<String, Set<String>> required = new LinkedHashMap<>(external);
        required.keySet().removeAll(optionalExternalSecrets());
        for (String render : List.of(Renders.KUSTOMIZE_DEV, Renders.HELM_DEV)) {
            Rendered r = render(render);
            Map<String, Set<String>> generated = new HashMap<>();
            for (Secret s : r.all(Secret.class)) {
                generated.put(stripHash(s.getMetadata().getName()), keys(s));
            }
            assertEquals(required, generated, render + ": the Secrets it creates differ from the external list "
                    + "(without the optional ones)");
        }
    }

    /** kustomize's generators append -<10 characters of hash>. */
    static String stripHash(String name) {
        return name.replaceAll("-[bcdfghkmt2-9]{10}$", "");
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null
                && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (var e : selector.getMatchExpressions()) {
                String value = labels.get(e.getKey());
                boolean ok = switch (e.getOperator()) {
                    case "In" -> value != null && e.getValues().contains(value);
                    case "NotIn" -> value == null || !e.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("unknown selector operator " + e.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int or(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }

    static void assertNoProblems(String render, List<String> problems) {
        if (!problems.isEmpty()) {
            fail(render + ":\n  " + String.join("\n  ", problems));
        }
    }
}
