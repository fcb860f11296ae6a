package io.tickflow.deploy;

import static io.tickflow.deploy.KubernetesManifestsTest.stripHash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.tickflow.deploy.support.Rendered;
import io.tickflow.deploy.support.Rendered.Workload;
import io.tickflow.deploy.support.Renders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Helm chart renders the same objects as the kustomize overlays (dev with dev, prod with prod), with the same
 * workload settings, and passes helm lint --strict. Names are compared without kustomize's hash suffixes and the
 * Helm Job's revision suffix.
 */
class HelmChartTest {

    @Test
    void helmLintStrictPasses() {
        List<String> failures = Renders.helmLint();
        assertTrue(failures.isEmpty(), "helm lint --strict deploy/helm/tickflow:\n  " + String.join("\n  ", failures));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"helm values-dev.yaml, kustomize overlays/dev", "helm values-prod.yaml, kustomize overlays/prod"})
    void rendersTheSameObjects(String helm, String kustomize) {
        assertEquals(objects(Renders.get(kustomize)), objects(Renders.get(helm)),
                "kind/name of every object, " + kustomize + " vs " + helm);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"helm values-dev.yaml, kustomize overlays/dev", "helm values-prod.yaml, kustomize overlays/prod"})
    void rendersTheSameWorkloads(String helm, String kustomize) {
        Map<String, Map<String, Object>> k = workloads(Renders.get(kustomize));
        Map<String, Map<String, Object>> h = workloads(Renders.get(helm));
        assertEquals(k.keySet(), h.keySet(), "workloads");
        List<String> differences = new ArrayList<>();
        for (String name : k.keySet()) {
            Map<String, Object> a = k.get(name);
            Map<String, Object> b = h.get(name);
            for (String field : a.keySet()) {
                if (!Objects.equals(a.get(field), b.get(field))) {
                    differences.add(name + " " + field + ":\n      " + kustomize + ": " + a.get(field) + "\n      "
                            + helm + ": " + b.get(field));
                }
            }
        }
        assertTrue(differences.isEmpty(), String.join("\n  ", differences));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"helm values-dev.yaml, kustomize overlays/dev", "helm values-prod.yaml, kustomize overlays/prod"})
    void rendersTheSameConfiguration(String helm, String kustomize) {
        assertEquals(config(Renders.get(kustomize)), config(Renders.get(helm)), "ConfigMap data");
    }

    private static Set<String> objects(Rendered r) {
        return r.objects().stream()
                // helm install --create-namespace makes the dev namespace
                .filter(o -> !(o instanceof Namespace))
                .map(o -> o.getKind() + "/" + normalise(o))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String normalise(HasMetadata o) {
        String name = o.getMetadata().getName();
        if (o.getKind().equals("Job")) {
            return name.replaceAll("-\\d+$", "");
        }
        return stripHash(name);
    }

    private static Map<String, Map<String, String>> config(Rendered r) {
        Map<String, Map<String, String>> all = new TreeMap<>();
        r.all(io.fabric8.kubernetes.api.model.ConfigMap.class).forEach(
                cm -> all.put(stripHash(cm.getMetadata().getName()), new TreeMap<>(cm.getData())));
        return all;
    }

    /** The settings that matter of every workload, flattened to comparable strings. */
    private static Map<String, Map<String, Object>> workloads(Rendered r) {
        Map<String, Map<String, Object>> all = new TreeMap<>();
        for (Workload w : r.workloads()) {
            Map<String, Object> s = new LinkedHashMap<>();
            PodSpec pod = w.template().getSpec();
            if (w.object() instanceof Deployment d) {
                s.put("replicas", d.getSpec().getReplicas());
                s.put("strategy", String.valueOf(d.getSpec().getStrategy()));
            }
            if (w.object() instanceof StatefulSet st) {
                s.put("replicas", st.getSpec().getReplicas());
                s.put("volumeClaimTemplates", String.valueOf(st.getSpec().getVolumeClaimTemplates().stream()
                        .map(v -> v.getSpec().getResources()).toList()));
            }
            s.put("podLabels", new TreeMap<>(w.podLabels()).entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("helm.sh/") && !e.getKey().equals("app.kubernetes.io/managed-by"))
                    .map(String::valueOf).toList());
            s.put("podSecurityContext", String.valueOf(pod.getSecurityContext()));
            s.put("terminationGracePeriodSeconds", pod.getTerminationGracePeriodSeconds());
            s.put("serviceAccount", pod.getServiceAccountName());
            s.put("automountServiceAccountToken", pod.getAutomountServiceAccountToken());
            s.put("enableServiceLinks", pod.getEnableServiceLinks());
            s.put("topologySpreadConstraints", String.valueOf(pod.getTopologySpreadConstraints()));
            s.put("volumes", String.valueOf(pod.getVolumes().stream()
                    .map(v -> v.getName() + (v.getEmptyDir() != null ? "=emptyDir" + v.getEmptyDir().getSizeLimit()
                            : v.getConfigMap() != null ? "=configMap:" + stripHash(v.getConfigMap().getName()) : "=?"))
                    .toList()));
            s.put("securityException", w.podAnnotations().get("tickflow.io/security-exception"));
            for (Container c : pod.getContainers()) {
                String p = "container " + c.getName() + " ";
                s.put(p + "image", c.getImage());
                s.put(p + "imagePullPolicy", c.getImagePullPolicy());
                s.put(p + "command", c.getCommand());
                s.put(p + "ports", String.valueOf(c.getPorts()));
                s.put(p + "resources", String.valueOf(c.getResources()));
                s.put(p + "securityContext", String.valueOf(c.getSecurityContext()));
                s.put(p + "lifecycle", String.valueOf(c.getLifecycle()));
                s.put(p + "volumeMounts", String.valueOf(c.getVolumeMounts()));
                s.put(p + "startupProbe", probe(c.getStartupProbe()));
                s.put(p + "readinessProbe", probe(c.getReadinessProbe()));
                s.put(p + "livenessProbe", probe(c.getLivenessProbe()));
                s.put(p + "envFrom", Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of()).stream()
                        .map(e -> e.getConfigMapRef() != null ? "configMap:" + stripHash(e.getConfigMapRef().getName())
                                : "secret:" + stripHash(e.getSecretRef().getName()))
                        .collect(Collectors.toCollection(TreeSet::new)));
                s.put(p + "env", Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of()).stream()
                        .map(HelmChartTest::env).collect(Collectors.toCollection(TreeSet::new)));
            }
            all.put(w.kind() + "/" + normalise(w.object()), s);
        }
        return all;
    }

    private static String probe(Probe p) {
        if (p == null) {
            return null;
        }
        String action = p.getHttpGet() != null ? "GET " + p.getHttpGet().getPath() + " " + p.getHttpGet().getPort()
                : p.getTcpSocket() != null ? "tcp " + p.getTcpSocket().getPort()
                : p.getExec() != null ? "exec " + p.getExec().getCommand() : "?";
        return action + " delay=" + p.getInitialDelaySeconds() + " period=" + p.getPeriodSeconds() + " timeout="
                + p.getTimeoutSeconds() + " failures=" + p.getFailureThreshold();
    }

    private static String env(EnvVar e) {
        if (e.getValueFrom() == null) {
            return e.getName() + "=" + e.getValue();
        }
        if (e.getValueFrom().getSecretKeyRef() != null) {
            return e.getName() + "<-secret:" + stripHash(e.getValueFrom().getSecretKeyRef().getName()) + "/"
                    + e.getValueFrom().getSecretKeyRef().getKey();
        }
        if (e.getValueFrom().getConfigMapKeyRef() != null) {
            return e.getName() + "<-configMap:" + stripHash(e.getValueFrom().getConfigMapKeyRef().getName()) + "/"
                    + e.getValueFrom().getConfigMapKeyRef().getKey();
        }
        return e.getName() + "<-?";
    }
}
