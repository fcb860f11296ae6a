package io.tickflow.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses rendered YAML into the fabric8 Kubernetes model, strictly: fabric8 keeps fields it does not know (and
 * values of the wrong type) in {@code additionalProperties} instead of failing, so after parsing every object graph
 * is walked and any non-empty {@code additionalProperties} is an error with its path. Kinds the model does not know
 * are errors too, except the custom resources listed in {@link #CUSTOM_RESOURCES}, which tests check themselves.
 */
public final class StrictModel {

    /** apiVersion/kind of custom resources the manifests may contain (checked by their own tests). */
    public static final Set<String> CUSTOM_RESOURCES = Set.of("keda.sh/v1alpha1/ScaledObject");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();

    private StrictModel() {
    }

    /** Every document of {@code yaml} as a typed fabric8 object; throws listing every problem found. */
    public static List<HasMetadata> parse(String source, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int index = 0;
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                index++;
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                String id = "document " + index + " (" + doc.path("kind").asText("?") + " "
                        + doc.path("metadata").path("name").asText("?") + ")";
                KubernetesResource parsed;
                try {
                    parsed = SERIALIZATION.unmarshal(doc.toString(), KubernetesResource.class);
                } catch (RuntimeException e) {
                    Throwable cause = e;
                    while (cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    problems.add(id + ": does not parse: " + cause.getMessage());
                    continue;
                }
                if (!(parsed instanceof HasMetadata object)) {
                    problems.add(id + ": not a Kubernetes object");
                    continue;
                }
                if (object instanceof GenericKubernetesResource) {
                    String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                    if (!CUSTOM_RESOURCES.contains(type)) {
                        problems.add(id + ": " + type + " is not a kind the Kubernetes model knows");
                    }
                } else {
                    List<String> unknown = new ArrayList<>();
                    walk(object, object.getKind(), unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
                    unknown.forEach(u -> problems.add(id + ": unknown field or wrong type at " + u));
                }
                objects.add(object);
            }
        } catch (IOException e) {
            throw new AssertionError(source + ": not YAML: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(source + " does not match the Kubernetes model:\n  " + String.join("\n  ", problems));
        }
        return objects;
    }

    /** {@code value} (e.g. a custom resource's sub-tree) as fabric8 type {@code type}, strictly. */
    public static <T> T convert(Object value, Class<T> type, String path) {
        T converted = SERIALIZATION.convertValue(value, type);
        List<String> unknown = new ArrayList<>();
        walk(converted, path, unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!unknown.isEmpty()) {
            throw new AssertionError("unknown field or wrong type at " + String.join(", ", unknown));
        }
        return converted;
    }

    private static void walk(Object value, String path, List<String> problems, Set<Object> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || value.getClass().isPrimitive()) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.") || !seen.add(value)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            Object child;
            try {
                if (name.equals("getAdditionalProperties")) {
                    Map<?, ?> extra = (Map<?, ?>) getter.invoke(value);
                    if (extra != null && !extra.isEmpty()) {
                        problems.add(path + " " + extra.keySet());
                    }
                    continue;
                }
                if (!name.startsWith("get") || name.length() < 4) {
                    continue;
                }
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            walk(child, path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4), problems, seen);
        }
    }
}
