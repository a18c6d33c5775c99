package dev.shepherd.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A Grafana dashboard (JSON model, schema version {@value #SCHEMA_VERSION}) over Shepherd's
 * {@code /metrics}, with the web dashboard's core panels: traffic, latency, errors, outputs,
 * inputs, labels and feedback, drift, rollouts, alerts, the review queue and the server's load.
 * The panels are one table, {@link #PANELS} (title, kind, Grafana unit, width, PromQL targets),
 * laid out left to right in rows of 24 columns. Two template variables: {@code datasource} (any
 * Prometheus data source) and {@code deployment} ({@code label_values(shepherd_requests_total,
 * deployment)}, several or all); every Shepherd series is filtered by {@code deployment=~"$deployment"},
 * and the process and JVM families are kept to Shepherd's own instances by {@code and on (job,
 * instance) shepherd_in_flight_requests}. Stateless.
 */
final class GrafanaDashboard {
    static final int SCHEMA_VERSION = 39;
    static final String UID = "shepherd-overview";
    private static final int COLUMNS = 24;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String D = "deployment=~\"$deployment\"";
    private static final String RATE = "[$__rate_interval]";
    /** Keeps process and JVM series to the instances that are Shepherd servers. */
    private static final String SHEPHERD_ONLY = " and on (job, instance) shepherd_in_flight_requests";
    private static final String BY_SERIES = "max by (deployment, version, role) ";
    private static final String SERIES_LEGEND = "{{deployment}} {{version}}/{{role}}";

    enum Kind {
        TIMESERIES("timeseries"), STAT("stat");

        final String wire;

        Kind(String wire) {
            this.wire = wire;
        }
    }

    /** One query of a panel, with its legend ({@code {{label}}} placeholders). */
    record Target(String expr, String legend) {
    }

    /**
     * One panel.
     *
     * @param mappings for stat panels, the text shown for a value (value → text); may be empty
     */
    record Panel(String title, Kind kind, String unit, int width, int height, String description,
                 List<Target> targets, Map<String, String> mappings) {
    }

    private static Panel stat(String title, String unit, String description, String expr, Map<String, String> mappings) {
        return new Panel(title, Kind.STAT, unit, 4, 4, description, List.of(new Target(expr, "")), mappings);
    }

    private static Panel series(String title, String unit, String description, Target... targets) {
        return new Panel(title, Kind.TIMESERIES, unit, 12, 8, description, List.of(targets), Map.of());
    }

    private static Panel load(String title, String unit, String description, Target... targets) {
        return new Panel(title, Kind.TIMESERIES, unit, 8, 8, description, List.of(targets), Map.of());
    }

    /** A window gauge of every deployment × version × role. */
    private static Target gauge(String family, String legendPrefix) {
        return new Target(BY_SERIES + "(" + family + "{" + D + "})", legendPrefix + SERIES_LEGEND);
    }

    /** The panels, in layout order. */
    static final List<Panel> PANELS = List.of(
            stat("Ready", "none", "1 when every selected deployment's serving version is loaded and answers",
                    "min(shepherd_deployment_ready{" + D + "})", Map.of("0", "not ready", "1", "ready")),
            stat("Requests", "reqps", "Inference requests per second, all versions and roles",
                    "sum(rate(shepherd_requests_total{" + D + "}" + RATE + "))", Map.of()),
            stat("Errors", "percentunit", "Failed requests over all requests",
                    "(sum(rate(shepherd_errors_total{" + D + "}" + RATE + ")) or vector(0)) / sum(rate(shepherd_requests_total{"
                            + D + "}" + RATE + "))", Map.of()),
            stat("Dataset drift", "none", "1 when a drift window of a selected deployment has at least its share of "
                    + "drifted features", "max(shepherd_dataset_drift{" + D + "})", Map.of("0", "no drift", "1", "drift")),
            stat("Alerts firing", "none", "Prometheus alerts firing for the selected deployments; load the rules of "
                    + "'shepherd alerts export-prometheus' into Prometheus to have them",
                    "count(ALERTS{alertstate=\"firing\", " + D + "}) or vector(0)", Map.of()),
            stat("Automation", "none", "The automation level (the highest among the selected deployments)",
                    "max(shepherd_automation_level{" + D + "})",
                    Map.of("0", "human", "1", "shadow", "2", "assist", "3", "partial", "4", "full")),

            series("Throughput", "reqps", "Requests per second by version and role (primary, candidate, shadow)",
                    new Target("sum by (deployment, version, role) (rate(shepherd_requests_total{" + D + "}" + RATE + "))",
                            SERIES_LEGEND)),
            series("Latency p50 / p99", "s", "Request latency quantiles over the server's last minute",
                    gauge("shepherd_latency_p50_seconds", "p50 "), gauge("shepherd_latency_p99_seconds", "p99 ")),
            series("Error rate", "percentunit", "Failed over all requests in the last minute",
                    gauge("shepherd_error_ratio", "")),
            series("Null outputs", "percentunit", "Null, empty or NaN predictions over all predictions in the last minute",
                    gauge("shepherd_null_output_ratio", "")),
            series("Missing inputs", "percentunit", "Missing input values over all input values, every feature together",
                    new Target(BY_SERIES + "(shepherd_missing_input_ratio{" + D + ", feature=\"\"})", SERIES_LEGEND)),
            series("Missing inputs by feature", "percentunit", "Share of requests missing each feature (primary)",
                    new Target("max by (deployment, feature) (shepherd_missing_input_ratio{" + D
                            + ", role=\"primary\", feature!=\"\"})", "{{deployment}} {{feature}}")),
            series("Confidence", "percentunit", "Mean top-class probability, and the share of predictions below the "
                    + "confidence threshold", gauge("shepherd_confidence_mean", "mean "),
                    gauge("shepherd_low_confidence_ratio", "low ")),
            series("Accuracy", "percentunit", "Correct over labelled predictions, by the version that answered",
                    gauge("shepherd_accuracy_ratio", "")),
            series("Feedback per request", "percentunit", "User feedback events per request, by event",
                    new Target("max by (deployment, version, role, event) (shepherd_feedback_ratio{" + D + "})",
                            "{{event}} " + SERIES_LEGEND)),
            series("Labels and events", "cps", "Ground-truth labels and feedback events received per second",
                    new Target("sum by (deployment) (rate(shepherd_labels_total{" + D + "}" + RATE + "))",
                            "labels {{deployment}}"),
                    new Target("sum by (deployment, event) (rate(shepherd_feedback_events_total{" + D + "}" + RATE + "))",
                            "{{event}} {{deployment}}")),
            series("Drift share", "percentunit", "Share of features drifted from the reference, per drift window",
                    new Target("max by (deployment, version, window) (shepherd_drift_share_ratio{" + D + "})",
                            "{{deployment}} {{version}} {{window}}")),
            series("Drift score by feature", "none", "Each feature's drift score: a p-value for ks and chi_square "
                    + "(drift when low), a distance otherwise (drift when high)",
                    new Target("max by (deployment, feature, method, window) (shepherd_drift_score{" + D + "})",
                            "{{feature}} {{method}} {{window}}")),
            series("Rollout", "percentunit", "Share of traffic the rollout candidate answers, and the share copied to "
                    + "a shadow", new Target("max by (deployment, candidate) (shepherd_rollout_candidate_share_ratio{" + D
                    + "})", "candidate {{candidate}}"),
                    new Target("max by (deployment, candidate) (shepherd_rollout_shadow_share_ratio{" + D + "})",
                            "shadow {{candidate}}")),
            series("Alerts", "none", "Firing Prometheus alerts by rule; needs the rules of 'shepherd alerts "
                    + "export-prometheus' loaded into Prometheus",
                    new Target("count by (alertname, severity) (ALERTS{alertstate=\"firing\", " + D + "})",
                            "{{alertname}} ({{severity}})")),
            series("Review queue", "none", "Review items waiting for a reviewer, and those claimed",
                    new Target("max by (deployment) (shepherd_review_queue_length{" + D + "})", "waiting {{deployment}}"),
                    new Target("max by (deployment) (shepherd_review_queue_claimed{" + D + "})", "claimed {{deployment}}")),
            series("Oldest review item", "s", "Age of the oldest review item waiting for a reviewer",
                    new Target("max by (deployment) (shepherd_review_queue_oldest_age_seconds{" + D + "})",
                            "{{deployment}}")),

            load("Process CPU", "percentunit", "CPU share of the Shepherd process and of the whole machine",
                    new Target("process_cpu_usage" + SHEPHERD_ONLY, "process {{instance}}"),
                    new Target("system_cpu_usage" + SHEPHERD_ONLY, "machine {{instance}}")),
            load("Heap", "bytes", "JVM heap used and its maximum",
                    new Target("sum by (job, instance) (jvm_memory_used_bytes{area=\"heap\"})" + SHEPHERD_ONLY,
                            "used {{instance}}"),
                    new Target("sum by (job, instance) (jvm_memory_max_bytes{area=\"heap\"})" + SHEPHERD_ONLY,
                            "max {{instance}}")),
            load("Load per CPU", "none", "One-minute load average divided by the CPUs",
                    new Target("system_load_average_1m / system_cpus" + SHEPHERD_ONLY, "{{instance}}")));

    private GrafanaDashboard() {
    }

    /**
     * The dashboard.
     *
     * @param datasource the Prometheus data source selected at first (its name), or {@code null}
     *                   for Grafana's default one
     */
    static ObjectNode json(String datasource) {
        ObjectNode d = F.objectNode();
        d.put("title", "Shepherd");
        d.put("uid", UID);
        d.put("description", "Shepherd's deployments, models, drift, rollouts, review queue and server load, from its "
                + "Prometheus metrics (shepherd grafana-dashboard)");
        d.putArray("tags").add("shepherd").add("ml");
        d.put("timezone", "browser");
        d.put("editable", true);
        d.put("graphTooltip", 1);
        d.put("schemaVersion", SCHEMA_VERSION);
        d.put("version", 1);
        d.put("refresh", "30s");
        d.putObject("time").put("from", "now-1h").put("to", "now");
        d.putObject("annotations").putArray("list").addObject()
                .put("builtIn", 1).put("enable", true).put("hide", true).put("name", "Annotations & Alerts")
                .put("type", "dashboard").put("iconColor", "rgba(0, 211, 255, 1)")
                .set("datasource", F.objectNode().put("type", "grafana").put("uid", "-- Grafana --"));
        ArrayNode vars = d.putObject("templating").putArray("list");
        vars.add(datasourceVariable(datasource));
        vars.add(deploymentVariable());
        ArrayNode panels = d.putArray("panels");
        int id = 1;
        int x = 0;
        int y = 0;
        int rowHeight = 0;
        for (Panel p : PANELS) {
            if (x + p.width() > COLUMNS) {
                x = 0;
                y += rowHeight;
                rowHeight = 0;
            }
            panels.add(panel(id++, p, x, y));
            x += p.width();
            rowHeight = Math.max(rowHeight, p.height());
        }
        return d;
    }

    private static ObjectNode source() {
        return F.objectNode().put("type", "prometheus").put("uid", "${datasource}");
    }

    private static ObjectNode datasourceVariable(String name) {
        ObjectNode v = F.objectNode();
        v.put("name", "datasource");
        v.put("label", "Data source");
        v.put("type", "datasource");
        v.put("query", "prometheus");
        v.put("regex", "");
        v.put("hide", 0);
        v.put("refresh", 1);
        v.put("includeAll", false);
        v.put("multi", false);
        v.putArray("options");
        ObjectNode current = v.putObject("current");
        if (name != null) {
            current.put("selected", true).put("text", name).put("value", name);
        }
        return v;
    }

    private static ObjectNode deploymentVariable() {
        String query = "label_values(shepherd_requests_total, deployment)";
        ObjectNode v = F.objectNode();
        v.put("name", "deployment");
        v.put("label", "Deployment");
        v.put("type", "query");
        v.set("datasource", source());
        v.put("definition", query);
        v.putObject("query").put("query", query).put("refId", "PrometheusVariableQueryEditor-VariableQuery")
                .put("qryType", 1);
        v.put("refresh", 2);
        v.put("regex", "");
        v.put("sort", 1);
        v.put("hide", 0);
        v.put("includeAll", true);
        v.put("multi", true);
        v.put("allValue", ".*");
        ObjectNode current = v.putObject("current");
        current.put("selected", true);
        current.putArray("text").add("All");
        current.putArray("value").add("$__all");
        v.putArray("options");
        return v;
    }

    private static ObjectNode panel(int id, Panel p, int x, int y) {
        ObjectNode n = F.objectNode();
        n.put("id", id);
        n.put("type", p.kind().wire);
        n.put("title", p.title());
        n.put("description", p.description());
        n.set("datasource", source());
        n.putObject("gridPos").put("x", x).put("y", y).put("w", p.width()).put("h", p.height());
        ObjectNode fieldConfig = n.putObject("fieldConfig");
        ObjectNode defaults = fieldConfig.putObject("defaults");
        fieldConfig.putArray("overrides");
        defaults.put("unit", p.unit());
        defaults.put("min", 0);
        if (p.kind() == Kind.TIMESERIES) {
            defaults.putObject("custom").put("drawStyle", "line").put("lineWidth", 1).put("fillOpacity", 10)
                    .put("showPoints", "never").put("spanNulls", false);
            ObjectNode options = n.putObject("options");
            options.putObject("legend").put("displayMode", "list").put("placement", "bottom").put("showLegend", true);
            options.putObject("tooltip").put("mode", "multi").put("sort", "desc");
        } else {
            defaults.putObject("color").put("mode", "thresholds");
            defaults.putObject("thresholds").put("mode", "absolute").putArray("steps").addObject()
                    .put("color", "green").putNull("value");
            if (!p.mappings().isEmpty()) {
                ObjectNode options = F.objectNode();
                int index = 0;
                for (Map.Entry<String, String> m : new java.util.TreeMap<>(p.mappings()).entrySet()) {
                    options.putObject(m.getKey()).put("text", m.getValue()).put("index", index++);
                }
                defaults.putArray("mappings").addObject().put("type", "value").set("options", options);
            }
            ObjectNode options = n.putObject("options");
            options.putObject("reduceOptions").put("values", false).put("fields", "").putArray("calcs").add("lastNotNull");
            options.put("colorMode", "value").put("graphMode", "area").put("justifyMode", "auto")
                    .put("orientation", "auto").put("textMode", "auto");
        }
        ArrayNode targets = n.putArray("targets");
        char ref = 'A';
        for (Target t : p.targets()) {
            ObjectNode o = targets.addObject();
            o.put("refId", String.valueOf(ref++));
            o.set("datasource", source());
            o.put("expr", t.expr());
            o.put("legendFormat", t.legend().isEmpty() ? "__auto" : t.legend());
            o.put("range", true);
            o.put("instant", false);
        }
        return n;
    }
}
