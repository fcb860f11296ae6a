package io.tickflow.deploy.support;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One render (a kustomize overlay or the Helm chart with a values file), parsed. {@code prod}: Secrets are expected
 * to exist outside the render (deploy/k8s/external-secrets.yaml); otherwise every referenced Secret must be in it.
 */
public record Rendered(String name, boolean prod, boolean helm, List<HasMetadata> objects) {

    @Override
    public String toString() {
        return name;
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    public <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(
                () -> new AssertionError(this.name + ": no " + type.getSimpleName() + " named " + name));
    }

    public List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(o -> o.getKind().equals(kind)).toList();
    }

    public Optional<ConfigMap> configMap(String name) {
        return find(ConfigMap.class, name);
    }

    public Optional<Secret> secret(String name) {
        return find(Secret.class, name);
    }

    /** Deployments, StatefulSets and Jobs: everything with a pod template. */
    public List<Workload> workloads() {
        return objects.stream().map(Workload::of).flatMap(Optional::stream).toList();
    }

    public Workload workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(this.name + ": no workload named " + name));
    }

    public Set<String> kinds() {
        return objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet());
    }

    /** A workload and its pod template. */
    public record Workload(HasMetadata object, PodTemplateSpec template) {

        static Optional<Workload> of(HasMetadata o) {
            if (o instanceof Deployment d) {
                return Optional.of(new Workload(d, d.getSpec().getTemplate()));
            }
            if (o instanceof StatefulSet s) {
                return Optional.of(new Workload(s, s.getSpec().getTemplate()));
            }
            if (o instanceof Job j) {
                return Optional.of(new Workload(j, j.getSpec().getTemplate()));
            }
            return Optional.empty();
        }

        public String name() {
            return object.getMetadata().getName();
        }

        /** The app.kubernetes.io/name label of the pods (a Job's name may carry a revision suffix). */
        public String app() {
            return podLabels().getOrDefault("app.kubernetes.io/name", name());
        }

        public String kind() {
            return object.getKind();
        }

        public boolean longRunning() {
            return !(object instanceof Job);
        }

        public Map<String, String> podLabels() {
            Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
            return labels == null ? Map.of() : labels;
        }

        public Map<String, String> podAnnotations() {
            Map<String, String> a = template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
            return a == null ? Map.of() : a;
        }

        @Override
        public String toString() {
            return kind() + "/" + name();
        }
    }
}
