package io.tickflow.deploy.support;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The renders under test, each made once per JVM: {@code kubectl kustomize} of deploy/k8s/overlays/{dev,prod} and
 * the Helm chart deploy/helm/tickflow with values-dev.yaml / values-prod.yaml (rendered in-process by helm-java,
 * which ships Helm's Go library, so no helm binary is needed). Kustomize renders are skipped, with a message, only
 * when kubectl is not on the PATH.
 */
public final class Renders {

    public static final String KUSTOMIZE_DEV = "kustomize overlays/dev";
    public static final String KUSTOMIZE_PROD = "kustomize overlays/prod";
    public static final String HELM_DEV = "helm values-dev.yaml";
    public static final String HELM_PROD = "helm values-prod.yaml";

    /** The Kubernetes version charts are rendered for (the chart needs >= 1.30: preStop sleep). */
    public static final String KUBE_VERSION = "1.33.0";

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    private Renders() {
    }

    public static Stream<String> all() {
        return Stream.of(KUSTOMIZE_DEV, KUSTOMIZE_PROD, HELM_DEV, HELM_PROD);
    }

    public static Rendered get(String name) {
        Rendered cached = CACHE.get(name);
        if (cached != null) {
            return cached;
        }
        Rendered rendered = switch (name) {
            case KUSTOMIZE_DEV -> new Rendered(name, false, false,
                    StrictModel.parse(name, kustomize("deploy/k8s/overlays/dev")));
            case KUSTOMIZE_PROD -> new Rendered(name, true, false,
                    StrictModel.parse(name, kustomize("deploy/k8s/overlays/prod")));
            case HELM_DEV -> new Rendered(name, false, true, StrictModel.parse(name, helm("values-dev.yaml")));
            case HELM_PROD -> new Rendered(name, true, true, StrictModel.parse(name, helm("values-prod.yaml")));
            default -> throw new IllegalArgumentException(name);
        };
        CACHE.put(name, rendered);
        return rendered;
    }

    public static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code kubectl kustomize <dir>}; skips the calling test when kubectl is absent. */
    public static String kustomize(String dir) {
        Assumptions.assumeTrue(kubectlAvailable(),
                "kubectl is not on the PATH: skipping the kustomize render of " + dir
                        + " (install kubectl >= 1.27, which has kustomize built in, to run these checks)");
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            Process p = new ProcessBuilder("kubectl", "kustomize", Repo.path(dir).toString())
                    .redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + stderr);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code helm template tickflow deploy/helm/tickflow -n tickflow -f <values>}. */
    public static String helm(String valuesFile) {
        Path chart = Repo.path("deploy/helm/tickflow");
        return new Helm(chart).template()
                .withName("tickflow")
                .withNamespace("tickflow")
                .withKubeVersion(KUBE_VERSION)
                .withValuesFile(chart.resolve(valuesFile))
                .call();
    }

    /** {@code helm lint --strict} of the chart with its default values (helm-java's lint takes no values file). */
    public static List<String> helmLint() {
        var result = new Helm(Repo.path("deploy/helm/tickflow")).lint().strict().call();
        return result.isFailed() ? result.getMessages() : List.of();
    }
}
