package pics.aed.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import pics.aed.events.Topics;

/**
 * The checks no schema can make: that the objects agree with each other and with the services' source. Each returns
 * the problems it found, worded for whoever broke the manifest; an empty list is a pass.
 */
final class ManifestChecks {

    /** The mobile API gateway's routes (docs/architecture.md): path prefix → Service. */
    static final Map<String, String> GATEWAY_ROUTES = Map.of(
            "/api/inspections", "sessions-service",
            "/api/schedules", "schedules-service",
            "/api/devices", "sync-service",
            "/api/sync", "sync-service",
            "/api/monitoring", "monitoring-service",
            "/api/cron", "monitoring-service",
            "/", "monitoring-service");

    private static final String EXPOSITION_SUFFIX = "(_total|_seconds)?(_count|_sum|_max|_bucket)?";
    private static final Pattern EXACT_MATCHER = Pattern.compile("\\b([a-zA-Z_]\\w*)\\s*=\\s*\"([^\"]*)\"");
    private static final Set<String> TARGET_LABELS =
            Set.of("job", "instance", "namespace", "pod", "service", "container", "endpoint");
    private static final Pattern METRIC = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\s*[{\\[)]");
    private static final Set<String> PROMQL_WORDS = Set.of(
            "sum",
            "max",
            "min",
            "avg",
            "count",
            "rate",
            "increase",
            "irate",
            "by",
            "without",
            "on",
            "ignoring",
            "and",
            "or",
            "unless",
            "time",
            "absent",
            "label_replace",
            "clamp_min",
            "clamp_max",
            "histogram_quantile",
            "up");

    /** Registered by Quarkus' Micrometer binders, not by our code. */
    private static final Set<String> QUARKUS_METERS = Set.of("http_server_requests", "jvm_", "process_");

    private final Manifests manifests;
    private final List<String> problems = new ArrayList<>();

    private ManifestChecks(Manifests manifests) {
        this.manifests = manifests;
    }

    /** Every check; the problems of all of them. */
    static List<String> all(Manifests manifests) {
        ManifestChecks checks = new ManifestChecks(manifests);
        checks.servicesSelectDeployments();
        checks.probesReachTheService();
        checks.kafkaTopicsMatchTheContract();
        checks.topicsFitTheBrokers();
        checks.environmentIsRead();
        checks.gatewayRoutes();
        checks.deploymentsAreProduction();
        checks.noSecretValues();
        checks.monitoringCoversEveryService();
        checks.alertsUseRealMetrics();
        checks.alertLabelValuesExist();
        checks.dashboardUsesRealMetrics();
        return checks.problems;
    }

    // --- every Service selects a Deployment's pods, on a port they have

    void servicesSelectDeployments() {
        for (Service service : manifests.services()) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<Deployment> selected = selectedDeployments(selector);
            if (selector == null || selector.isEmpty() || selected.isEmpty()) {
                problems.add(Manifests.name(service) + " selects " + selector + ", which no Deployment's pods carry");
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                for (Deployment deployment : selected) {
                    if (containerPort(deployment.getSpec().getTemplate().getSpec(), port.getTargetPort())
                            .isEmpty()) {
                        problems.add(Manifests.name(service) + " port " + port.getName() + " targets "
                                + show(port.getTargetPort()) + ", which " + Manifests.name(deployment)
                                + " does not expose");
                    }
                }
            }
        }
    }

    private List<Deployment> selectedDeployments(Map<String, String> selector) {
        return manifests.deployments().stream()
                .filter(d -> selector != null
                        && !selector.isEmpty()
                        && labels(d).entrySet().containsAll(selector.entrySet()))
                .toList();
    }

    private static Map<String, String> labels(Deployment deployment) {
        Map<String, String> labels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    // --- probes: on the port the service listens on, at a path it serves

    void probesReachTheService() {
        for (Deployment deployment : manifests.deployments()) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            for (Container container : pod.getContainers()) {
                ServiceModule module = ServiceModule.of(ServiceModule.forImage(container.getImage()));
                String where = Manifests.name(deployment) + " container " + container.getName();
                Map<String, Probe> probes = new LinkedHashMap<>();
                probes.put("startupProbe", container.getStartupProbe());
                probes.put("livenessProbe", container.getLivenessProbe());
                probes.put("readinessProbe", container.getReadinessProbe());
                probes.forEach((kind, probe) -> checkProbe(where + " " + kind, probe, container, module));
            }
        }
    }

    private void checkProbe(String where, Probe probe, Container container, ServiceModule module) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(where + " is missing (an httpGet on the Quarkus health endpoints is required)");
            return;
        }
        Optional<ContainerPort> port =
                containerPort(container, probe.getHttpGet().getPort());
        if (port.isEmpty()) {
            problems.add(where + " uses port " + show(probe.getHttpGet().getPort()) + ", which the container does not"
                    + " declare");
        } else if (port.get().getContainerPort() != module.httpPort()) {
            problems.add(where + " uses port " + port.get().getContainerPort() + " but " + module.name + " listens on "
                    + module.httpPort() + " (quarkus.http.port)");
        }
        String path = probe.getHttpGet().getPath();
        if (!module.healthPaths().contains(path)) {
            problems.add(where + " probes " + path + ", which " + module.name + " does not serve (it serves "
                    + new TreeSet<>(module.healthPaths()) + ")");
        }
    }

    private static Optional<ContainerPort> containerPort(PodSpec pod, IntOrString port) {
        return pod.getContainers().stream()
                .map(c -> containerPort(c, port))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<ContainerPort> containerPort(Container container, IntOrString port) {
        if (port == null || container.getPorts() == null) {
            return Optional.empty();
        }
        return container.getPorts().stream()
                .filter(p -> port.getStrVal() != null
                        ? port.getStrVal().equals(p.getName())
                        : Objects.equals(port.getIntVal(), p.getContainerPort()))
                .findFirst();
    }

    private static String show(IntOrString value) {
        return value == null
                ? "nothing"
                : value.getStrVal() != null ? value.getStrVal() : String.valueOf(value.getIntVal());
    }

    // --- one KafkaTopic per topic of libs/events, laid out as the contract says, and per consumer's dead letters

    void kafkaTopicsMatchTheContract() {
        Map<String, KafkaTopic> declared = manifests
                .all(KafkaTopic.class)
                .collect(Collectors.toMap(ManifestChecks::topicName, t -> t, (a, b) -> a, TreeMap::new));
        contractTopics(declared);
        deadLetterTopics(declared);
        declared.keySet()
                .forEach(extra -> problems.add("KafkaTopic " + extra + " is neither a topic of Topics.ALL nor the"
                        + " dead-letter topic of a consumer"));
    }

    private void contractTopics(Map<String, KafkaTopic> declared) {
        for (Topics.TopicSpec spec : Topics.ALL) {
            KafkaTopic topic = declared.remove(spec.name());
            if (topic == null) {
                problems.add("no KafkaTopic for " + spec.name() + " (libs/events Topics.ALL)");
                continue;
            }
            if (!Objects.equals(topic.getSpec().getPartitions(), spec.partitions())) {
                problems.add("KafkaTopic " + spec.name() + " has "
                        + topic.getSpec().getPartitions() + " partitions; Topics.ALL says " + spec.partitions());
            }
            Object policy = topic.getSpec().getConfig() == null
                    ? null
                    : topic.getSpec().getConfig().get("cleanup.policy");
            boolean compacted = "compact".equals(policy);
            if (compacted != spec.compacted()) {
                problems.add("KafkaTopic " + spec.name() + " has cleanup.policy " + policy + "; Topics.ALL says "
                        + (spec.compacted() ? "compact" : "delete"));
            }
            if (!compacted
                    && (topic.getSpec().getConfig() == null
                            || topic.getSpec().getConfig().get("retention.ms") == null)) {
                problems.add("KafkaTopic " + spec.name() + " sets no retention.ms");
            }
        }
    }

    /**
     * Every consumer's {@code <topic>.dlq.<group>} (ServiceModule.consumers: the services' incoming channels): with
     * topic auto-creation off, a missing one holds its consumer back at its first dead letter. Never compacted (that
     * would keep only the last dead letter of a key), and kept for a stated time.
     */
    private void deadLetterTopics(Map<String, KafkaTopic> declared) {
        for (ServiceModule.Consumer consumer : ServiceModule.allConsumers()) {
            for (String name : consumer.deadLetterTopics()) {
                KafkaTopic topic = declared.remove(name);
                if (topic == null) {
                    problems.add("no KafkaTopic for dead-letter topic " + name + " (" + consumer.service() + " channel "
                            + consumer.channel() + ", group " + consumer.group() + ")");
                    continue;
                }
                Map<String, Object> config = topic.getSpec().getConfig() == null
                        ? Map.of()
                        : topic.getSpec().getConfig();
                if (!"delete".equals(config.get("cleanup.policy"))) {
                    problems.add(
                            "dead-letter KafkaTopic " + name + " has cleanup.policy " + config.get("cleanup.policy")
                                    + "; it must be delete (compaction keeps only a key's last dead letter)");
                }
                if (config.get("retention.ms") == null) {
                    problems.add("dead-letter KafkaTopic " + name + " sets no retention.ms");
                }
            }
        }
    }

    // --- every KafkaTopic fits on the brokers the KafkaNodePools provide

    void topicsFitTheBrokers() {
        int brokers = manifests
                .all(KafkaNodePool.class)
                .filter(pool -> pool.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(pool -> pool.getSpec().getReplicas())
                .sum();
        for (KafkaTopic topic : manifests.all(KafkaTopic.class).toList()) {
            Integer replicas = topic.getSpec().getReplicas();
            Object minInSync = topic.getSpec().getConfig() == null
                    ? null
                    : topic.getSpec().getConfig().get("min.insync.replicas");
            if (replicas == null || replicas > brokers) {
                problems.add("KafkaTopic " + topicName(topic) + " asks for " + replicas + " replicas; the node pools"
                        + " have " + brokers + " brokers");
            } else if (minInSync != null && Integer.parseInt(minInSync.toString()) > replicas) {
                problems.add("KafkaTopic " + topicName(topic) + " needs " + minInSync + " in-sync replicas of "
                        + replicas + ": no write would ever be acknowledged");
            }
        }
    }

    private static String topicName(KafkaTopic topic) {
        return topic.getSpec().getTopicName() != null
                ? topic.getSpec().getTopicName()
                : topic.getMetadata().getName();
    }

    // --- every environment variable a Deployment sets is a property its service reads

    void environmentIsRead() {
        for (Deployment deployment : manifests.deployments()) {
            for (Container container : allContainers(deployment)) {
                ServiceModule module = ServiceModule.of(ServiceModule.forImage(container.getImage()));
                for (String variable : environment(container)) {
                    if (!module.reads(variable)) {
                        problems.add(Manifests.name(deployment) + " container " + container.getName() + " sets "
                                + variable + ", which no property of " + module.name + " reads");
                    }
                }
            }
        }
    }

    /** The service containers and the init containers (which run the same image with the same environment). */
    private static List<Container> allContainers(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        List<Container> containers = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        return containers;
    }

    private Set<String> environment(Container container) {
        Set<String> names = new TreeSet<>();
        if (container.getEnv() != null) {
            container.getEnv().stream().map(EnvVar::getName).forEach(names::add);
        }
        if (container.getEnvFrom() != null) {
            for (EnvFromSource source : container.getEnvFrom()) {
                if (source.getSecretRef() != null) {
                    problems.add("container " + container.getName() + " takes all of Secret "
                            + source.getSecretRef().getName() + " as environment: name each variable instead");
                }
                if (source.getConfigMapRef() != null) {
                    String name = source.getConfigMapRef().getName();
                    Optional<ConfigMap> map = manifests.configMap(name);
                    if (map.isEmpty()) {
                        problems.add("container " + container.getName() + " reads ConfigMap " + name + ", which is not"
                                + " in the manifests");
                    } else if (map.get().getData() != null) {
                        names.addAll(map.get().getData().keySet());
                    }
                }
            }
        }
        return names;
    }

    // --- the gateway routes the mobile API paths to the right Services

    void gatewayRoutes() {
        Map<String, String> routed = new TreeMap<>();
        for (HTTPRoute route : manifests.all(HTTPRoute.class).toList()) {
            for (HTTPRouteRule rule : route.getSpec().getRules()) {
                List<HTTPBackendRef> backends = rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs();
                for (HTTPBackendRef backend : backends) {
                    checkBackend(route, backend);
                }
                if (backends.isEmpty() || rule.getMatches() == null) {
                    continue;
                }
                for (HTTPRouteMatch match : rule.getMatches()) {
                    routed.put(match.getPath().getValue(), backends.get(0).getName());
                }
            }
        }
        if (!routed.equals(new TreeMap<>(GATEWAY_ROUTES))) {
            problems.add("the HTTPRoutes route " + routed + "; the gateway must route exactly "
                    + new TreeMap<>(GATEWAY_ROUTES));
        }
    }

    private void checkBackend(HTTPRoute route, HTTPBackendRef backend) {
        Optional<Service> service = manifests.services().stream()
                .filter(s -> s.getMetadata().getName().equals(backend.getName()))
                .findFirst();
        if (service.isEmpty()) {
            problems.add(Manifests.name(route) + " sends to Service " + backend.getName() + ", which does not exist");
        } else if (service.get().getSpec().getPorts().stream()
                .noneMatch(p -> Objects.equals(p.getPort(), backend.getPort()))) {
            problems.add(Manifests.name(route) + " sends to port " + backend.getPort() + " of Service "
                    + backend.getName() + ", which it does not have");
        }
    }

    // --- what every Deployment needs to run unattended

    void deploymentsAreProduction() {
        for (Deployment deployment : manifests.deployments()) {
            String name = deployment.getMetadata().getName();
            String where = Manifests.name(deployment);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            require(
                    manifests
                            .all(HorizontalPodAutoscaler.class)
                            .anyMatch(h ->
                                    name.equals(h.getSpec().getScaleTargetRef().getName())),
                    where + " has no HorizontalPodAutoscaler");
            require(
                    manifests
                            .all(PodDisruptionBudget.class)
                            .anyMatch(p -> selects(p.getSpec().getSelector().getMatchLabels(), deployment)),
                    where + " has no PodDisruptionBudget");
            require(
                    manifests
                            .all(NetworkPolicy.class)
                            .anyMatch(n -> selects(n.getSpec().getPodSelector().getMatchLabels(), deployment)
                                    && n.getSpec().getPodSelector().getMatchLabels() != null
                                    && !n.getSpec()
                                            .getPodSelector()
                                            .getMatchLabels()
                                            .isEmpty()),
                    where + " has no NetworkPolicy of its own");
            require(
                    pod.getServiceAccountName() != null
                            && manifests.objects.stream()
                                    .filter(io.fabric8.kubernetes.api.model.ServiceAccount.class::isInstance)
                                    .map(io.fabric8.kubernetes.api.model.ServiceAccount.class::cast)
                                    .anyMatch(a -> a.getMetadata().getName().equals(pod.getServiceAccountName())),
                    where + " has no ServiceAccount of its own");
            require(
                    pod.getTopologySpreadConstraints() != null
                            && !pod.getTopologySpreadConstraints().isEmpty(),
                    where + " has no topologySpreadConstraints");
            require(
                    deployment.getSpec().getReplicas() == null,
                    where + " fixes replicas; the HorizontalPodAutoscaler owns them");
            for (Container container : pod.getContainers()) {
                checkContainer(where + " container " + container.getName(), container);
                checkGracefulShutdown(where, pod, container);
            }
            require(
                    pod.getInitContainers() != null
                            && pod.getInitContainers().stream().anyMatch(ManifestChecks::migrates),
                    where
                            + " has no init container that migrates the schema (QUARKUS_INIT_AND_EXIT=true) before the service starts");
        }
    }

    private static boolean selects(Map<String, String> selector, Deployment deployment) {
        return selector != null && labels(deployment).entrySet().containsAll(selector.entrySet());
    }

    private static boolean migrates(Container container) {
        return container.getEnv() != null
                && container.getEnv().stream()
                        .anyMatch(e -> e.getName().equals("QUARKUS_INIT_AND_EXIT") && "true".equals(e.getValue()));
    }

    private void checkContainer(String where, Container container) {
        var resources = container.getResources();
        require(
                resources != null
                        && resources.getRequests() != null
                        && resources.getRequests().containsKey("cpu")
                        && resources.getRequests().containsKey("memory"),
                where + " requests no cpu and memory");
        require(
                resources != null
                        && resources.getLimits() != null
                        && resources.getLimits().containsKey("memory"),
                where + " has no memory limit (the JVM sizes its heap from it)");
        var security = container.getSecurityContext();
        require(
                security != null && Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()),
                where + " has a writable root file system");
        require(security != null && Boolean.TRUE.equals(security.getRunAsNonRoot()), where + " may run as root");
        require(
                security != null && Boolean.FALSE.equals(security.getAllowPrivilegeEscalation()),
                where + " allows privilege escalation");
    }

    /** preStop + Quarkus' shutdown timeout must fit in the grace period, or Kubernetes kills requests in flight. */
    private void checkGracefulShutdown(String where, PodSpec pod, Container container) {
        long grace = pod.getTerminationGracePeriodSeconds() == null ? 30 : pod.getTerminationGracePeriodSeconds();
        long preStop = container.getLifecycle() != null
                        && container.getLifecycle().getPreStop() != null
                        && container.getLifecycle().getPreStop().getSleep() != null
                ? container.getLifecycle().getPreStop().getSleep().getSeconds()
                : 0;
        Optional<String> timeout = environmentValue(container, "QUARKUS_SHUTDOWN_TIMEOUT");
        if (timeout.isEmpty()) {
            problems.add(where + " sets no QUARKUS_SHUTDOWN_TIMEOUT: Quarkus would not wait for requests in flight");
            return;
        }
        long shutdown = Duration.parse("PT" + timeout.get()).toSeconds();
        require(
                preStop + shutdown < grace,
                where + ": preStop " + preStop + " s + shutdown timeout " + shutdown
                        + " s do not fit in terminationGracePeriodSeconds " + grace);
    }

    private Optional<String> environmentValue(Container container, String variable) {
        if (container.getEnv() != null) {
            Optional<String> direct = container.getEnv().stream()
                    .filter(e -> e.getName().equals(variable) && e.getValue() != null)
                    .map(EnvVar::getValue)
                    .findFirst();
            if (direct.isPresent()) {
                return direct;
            }
        }
        if (container.getEnvFrom() == null) {
            return Optional.empty();
        }
        return container.getEnvFrom().stream()
                .filter(s -> s.getConfigMapRef() != null)
                .map(s -> manifests.configMap(s.getConfigMapRef().getName()))
                .flatMap(Optional::stream)
                .map(c -> c.getData() == null ? null : c.getData().get(variable))
                .filter(Objects::nonNull)
                .findFirst();
    }

    // --- Secret references only

    void noSecretValues() {
        manifests
                .all(Secret.class)
                .forEach(s -> problems.add(Manifests.name(s) + " holds secret values; reference"
                        + " Secrets the operator creates instead (docs/operations.md)"));
        for (Deployment deployment : manifests.deployments()) {
            for (Container container : allContainers(deployment)) {
                if (container.getEnv() == null) {
                    continue;
                }
                container.getEnv().stream()
                        .filter(e -> e.getName().matches(".*(PASSWORD|SECRET|TOKEN|_KEY)$") && e.getValue() != null)
                        .forEach(e -> problems.add(Manifests.name(deployment) + " writes " + e.getName()
                                + " as a literal; take it from a Secret (valueFrom.secretKeyRef)"));
            }
        }
    }

    // --- Prometheus scrapes every Service

    void monitoringCoversEveryService() {
        List<ServiceMonitor> monitors = manifests.all(ServiceMonitor.class).toList();
        for (Service service : manifests.services()) {
            boolean scraped = monitors.stream().anyMatch(m -> {
                Map<String, String> selector = m.getSpec().getSelector().getMatchLabels();
                Map<String, String> labels = service.getMetadata().getLabels();
                return selector != null
                        && labels != null
                        && labels.entrySet().containsAll(selector.entrySet())
                        && m.getSpec().getEndpoints().stream()
                                .allMatch(e -> service.getSpec().getPorts().stream()
                                        .anyMatch(p -> Objects.equals(p.getName(), e.getPort())));
            });
            require(scraped, Manifests.name(service) + " is scraped by no ServiceMonitor (on a port it has)");
        }
    }

    // --- alert rules name metrics the code registers, and have runbooks

    void alertsUseRealMetrics() {
        Set<String> meters = ServiceModule.meterNames();
        for (Rule rule : alertRules(manifests)) {
            require(
                    rule.getAnnotations() != null && rule.getAnnotations().containsKey("runbook"),
                    "alert " + rule.getAlert() + " has no runbook annotation");
            metricsIn(show(rule.getExpr())).stream()
                    .filter(metric -> !registered(metric, meters))
                    .forEach(metric -> problems.add(
                            "alert " + rule.getAlert() + " uses metric " + metric + ", which no service registers"));
        }
    }

    // --- the Grafana dashboard parses and charts metrics the code registers

    void dashboardUsesRealMetrics() {
        Optional<ConfigMap> dashboard = manifests.configMap("aedpics-grafana-dashboard");
        if (dashboard.isEmpty() || dashboard.get().getData() == null) {
            problems.add("no ConfigMap aedpics-grafana-dashboard with the Grafana dashboard");
            return;
        }
        Set<String> meters = ServiceModule.meterNames();
        for (String json : dashboard.get().getData().values()) {
            try {
                JsonNode root = new ObjectMapper().readTree(json);
                require(root.path("panels").size() > 0, "the Grafana dashboard has no panels");
                root.findValues("expr")
                        .forEach(expr -> metricsIn(expr.asText()).stream()
                                .filter(metric -> !registered(metric, meters))
                                .forEach(metric -> problems.add(
                                        "the Grafana dashboard charts " + metric + ", which no service registers")));
            } catch (JsonProcessingException e) {
                problems.add("the Grafana dashboard is not valid JSON: " + e.getOriginalMessage());
            }
        }
    }

    /** The metric names a PromQL expression selects (not functions, keywords, label names or strings). */
    private static Set<String> metricsIn(String promql) {
        String expression =
                promql.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
        Set<String> metrics = new TreeSet<>();
        Matcher m = METRIC.matcher(expression);
        while (m.find()) {
            if (!PROMQL_WORDS.contains(m.group(1))) {
                metrics.add(m.group(1));
            }
        }
        return metrics;
    }

    /**
     * A meter {@code a.b} is exposed as {@code a_b}, plus the suffixes Micrometer's Prometheus registry adds (a
     * counter's {@code _total}, a timer's {@code _seconds_count} and the like): a name that only begins like a meter
     * ({@code aedpics_outbox_parked_event} for {@code aedpics.outbox.parked}) is not one.
     */
    private static boolean registered(String metric, Set<String> meters) {
        return QUARKUS_METERS.stream().anyMatch(metric::startsWith)
                || meters.stream().anyMatch(meter -> metric.matches(Pattern.quote(meter) + EXPOSITION_SUFFIX));
    }

    /**
     * Exact label matchers in alerts ({@code outcome="dead_lettered"}) on labels the services set must name a value
     * their code writes (a string literal in their sources): a typo there silences an alert as surely as a wrong
     * metric. Labels Prometheus adds to targets are not ours to check.
     */
    void alertLabelValuesExist() {
        Set<String> literals = ServiceModule.stringLiterals();
        for (Rule rule : alertRules(manifests)) {
            Matcher m = EXACT_MATCHER.matcher(show(rule.getExpr()));
            while (m.find()) {
                if (!TARGET_LABELS.contains(m.group(1)) && !literals.contains(m.group(2))) {
                    problems.add("alert " + rule.getAlert() + " matches " + m.group(1) + "=\"" + m.group(2)
                            + "\", a value no service writes");
                }
            }
        }
    }

    static List<Rule> alertRules(Manifests manifests) {
        return manifests
                .all(PrometheusRule.class)
                .flatMap(r -> r.getSpec().getGroups().stream())
                .flatMap(g -> g.getRules().stream())
                .filter(r -> r.getAlert() != null)
                .toList();
    }

    private void require(boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
    }
}
