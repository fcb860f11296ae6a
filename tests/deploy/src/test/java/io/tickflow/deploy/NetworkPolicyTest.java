package io.tickflow.deploy;

import static io.tickflow.deploy.KubernetesManifestsTest.assertNoProblems;
import static io.tickflow.deploy.KubernetesManifestsTest.selects;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.tickflow.deploy.support.Expectations;
import io.tickflow.deploy.support.Rendered;
import io.tickflow.deploy.support.Rendered.Workload;
import io.tickflow.deploy.support.Renders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evaluates the rendered NetworkPolicies the way a CNI would (pod selectors, policy types, ports) and compares what
 * each workload may reach with what it needs: default deny, then DNS, Kafka, PostgreSQL, OTLP, Capital.com and
 * alerting's notifier receivers (HTTPS, SMTP submission) only where needed; ingress only from Prometheus and, for the
 * three APIs, from their labelled clients.
 */
class NetworkPolicyTest {

    static Stream<String> renders() {
        return Renders.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everythingIsDeniedByDefault(String name) {
        Rendered r = Renders.get(name);
        assertTrue(r.all(NetworkPolicy.class).stream().anyMatch(p -> isEmpty(p.getSpec().getPodSelector())
                && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                && empty(p.getSpec().getIngress()) && empty(p.getSpec().getEgress())),
                name + ": no default-deny NetworkPolicy (podSelector {}, Ingress and Egress, no rules)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void eachWorkloadMayReachExactlyWhatItNeeds(String name) {
        Rendered r = Renders.get(name);
        Map<String, Set<String>> expected = Expectations.egress(!r.prod());
        List<String> problems = new ArrayList<>();
        for (Workload w : r.workloads()) {
            Set<String> want = expected.get(w.app());
            if (want == null) {
                continue;
            }
            Set<String> allowed = egressPorts(r, w.podLabels());
            if (!allowed.equals(new TreeSet<>(want))) {
                problems.add(w + ": egress allows " + allowed + ", needs exactly " + new TreeSet<>(want));
            }
        }
        assertNoProblems(name, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void servicesAcceptOnlyPrometheusAndTheirApiClients(String name) {
        Rendered r = Renders.get(name);
        List<String> problems = new ArrayList<>();
        for (String service : Expectations.SERVICES.keySet()) {
            Workload w = r.workload(Expectations.deployment(service));
            List<NetworkPolicyIngressRule> rules = ingressRules(r, w.podLabels());
            boolean prometheus = false;
            boolean clients = false;
            for (NetworkPolicyIngressRule rule : rules) {
                if (empty(rule.getFrom())) {
                    problems.add(service + ": an ingress rule allows every source");
                    continue;
                }
                if (empty(rule.getPorts())) {
                    problems.add(service + ": an ingress rule allows every port");
                }
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    Map<String, String> pods = labels(peer.getPodSelector());
                    if ("prometheus".equals(pods.get("app.kubernetes.io/name")) && peer.getNamespaceSelector() != null) {
                        prometheus = true;
                    } else if ("true".equals(pods.get("tickflow.io/" + service + "-client"))) {
                        clients = true;
                    } else if (peer.getPodSelector() == null && peer.getNamespaceSelector() != null
                            && service.equals("alerting")) {
                        // alerting also answers the monitoring namespace (Grafana, Alertmanager)
                        Map<String, String> ns = labels(peer.getNamespaceSelector());
                        if (!"monitoring".equals(ns.get("kubernetes.io/metadata.name"))) {
                            problems.add(service + ": ingress from namespaces " + ns);
                        }
                    } else {
                        problems.add(service + ": unexpected ingress peer " + peer);
                    }
                }
                for (NetworkPolicyPort port : Objects.requireNonNullElse(rule.getPorts(), List.<NetworkPolicyPort>of())) {
                    IntOrString p = port.getPort();
                    if (p == null || !("http".equals(p.getStrVal())
                            || Expectations.SERVICES.get(service).equals(p.getIntVal()))) {
                        problems.add(service + ": ingress on port " + p + " (only its HTTP port)");
                    }
                }
            }
            if (!prometheus) {
                problems.add(service + ": Prometheus (monitoring namespace) may not scrape /q/metrics");
            }
            if (Expectations.API_SERVICES.contains(service) != clients) {
                problems.add(service + (clients ? ": accepts API clients but has no API for them"
                        : ": its API clients (label tickflow.io/" + service + "-client) cannot reach it"));
            }
        }
        assertNoProblems(name, problems);
    }

    /**
     * Ports that lead out of the cluster (HTTPS to Capital.com and the notifier receivers, SMTP submission) are opened
     * to named peers or to the internet, never to every address: an ipBlock of everything must leave out the private
     * ranges, and a rule without peers is refused.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void internetPortsReachPublicAddressesOnly(String name) {
        Rendered r = Renders.get(name);
        List<String> privateRanges = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
        List<String> problems = new ArrayList<>();
        for (NetworkPolicy p : r.all(NetworkPolicy.class)) {
            for (var rule : Objects.requireNonNullElse(p.getSpec().getEgress(),
                    List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule>of())) {
                List<Integer> ports = Objects.requireNonNullElse(rule.getPorts(), List.<NetworkPolicyPort>of())
                        .stream().map(NetworkPolicyPort::getPort).filter(Objects::nonNull)
                        .map(IntOrString::getIntVal).filter(Objects::nonNull)
                        .filter(Expectations.INTERNET_PORTS::contains).toList();
                if (ports.isEmpty()) {
                    continue;
                }
                String at = "NetworkPolicy " + p.getMetadata().getName() + " ports " + ports;
                if (empty(rule.getTo())) {
                    problems.add(at + ": open to every address, private ones included");
                    continue;
                }
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    var block = peer.getIpBlock();
                    if (block != null && block.getCidr().endsWith("/0")
                            && !Objects.requireNonNullElse(block.getExcept(), List.<String>of()).containsAll(privateRanges)) {
                        problems.add(at + ": ipBlock " + block.getCidr() + " does not leave out " + privateRanges);
                    }
                }
            }
        }
        assertNoProblems(name, problems);
    }

    /** A Service whose pods no ingress rule admits is dead: every Service must be reachable by someone. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyServiceIsReachableBySomeone(String name) {
        Rendered r = Renders.get(name);
        List<String> problems = new ArrayList<>();
        for (Service s : r.all(Service.class)) {
            Workload w = r.workloads().stream()
                    .filter(x -> x.podLabels().entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                    .findFirst().orElse(null);
            if (w != null && ingressRules(r, w.podLabels()).isEmpty()) {
                problems.add("Service " + s.getMetadata().getName() + ": no NetworkPolicy admits traffic to " + w);
            }
        }
        assertNoProblems(name, problems);
    }

    /** "TCP/9092"-style ports of every egress rule that applies to pods with {@code labels} ("*" = any port). */
    static Set<String> egressPorts(Rendered r, Map<String, String> labels) {
        Set<String> ports = new TreeSet<>();
        for (NetworkPolicy p : r.all(NetworkPolicy.class)) {
            if (!p.getSpec().getPolicyTypes().contains("Egress") || !appliesTo(p, labels)) {
                continue;
            }
            for (var rule : Objects.requireNonNullElse(p.getSpec().getEgress(),
                    List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule>of())) {
                if (empty(rule.getPorts())) {
                    ports.add("*");
                    continue;
                }
                for (NetworkPolicyPort port : rule.getPorts()) {
                    ports.add(Objects.requireNonNullElse(port.getProtocol(), "TCP") + "/"
                            + (port.getPort() == null ? "*" : port.getPort().getIntVal() != null
                                    ? port.getPort().getIntVal() : port.getPort().getStrVal()));
                }
            }
        }
        return ports;
    }

    static List<NetworkPolicyIngressRule> ingressRules(Rendered r, Map<String, String> labels) {
        List<NetworkPolicyIngressRule> rules = new ArrayList<>();
        for (NetworkPolicy p : r.all(NetworkPolicy.class)) {
            if (p.getSpec().getPolicyTypes().contains("Ingress") && appliesTo(p, labels)
                    && p.getSpec().getIngress() != null) {
                rules.addAll(p.getSpec().getIngress());
            }
        }
        return rules;
    }

    private static boolean appliesTo(NetworkPolicy p, Map<String, String> labels) {
        LabelSelector selector = p.getSpec().getPodSelector();
        return isEmpty(selector) || selects(selector, labels);
    }

    private static boolean isEmpty(LabelSelector s) {
        return s == null || (empty(s.getMatchLabels()) && empty(s.getMatchExpressions()));
    }

    private static Map<String, String> labels(LabelSelector s) {
        return s == null || s.getMatchLabels() == null ? Map.of() : s.getMatchLabels();
    }

    private static boolean empty(Object collectionOrMap) {
        if (collectionOrMap == null) {
            return true;
        }
        if (collectionOrMap instanceof java.util.Collection<?> c) {
            return c.isEmpty();
        }
        return ((Map<?, ?>) collectionOrMap).isEmpty();
    }
}
