package dev.shepherd.automation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A deployment's degree of automation ({@code spec.automation}).
 *
 * @param level           the rung of the ladder
 * @param threshold       under {@code partial}: the model answers an instance when its confidence
 *                        (top class probability, 0..1) is at least this; default {@value #DEFAULT_THRESHOLD}
 * @param classThresholds per predicted class, a threshold replacing {@code threshold}
 * @param auditShare      under {@code partial} and {@code full}: the share (0..1) of the model's
 *                        own answers also sent to people, blind, to estimate their accuracy;
 *                        default {@value #DEFAULT_PARTIAL_AUDIT} under {@code partial}, 0 otherwise
 * @param priority        review priority of this deployment's items (higher first; audit samples
 *                        one lower); default 0
 */
public record AutomationSetting(AutomationLevel level, double threshold, Map<String, Double> classThresholds,
                                double auditShare, int priority) {
    /** Default confidence threshold under {@code partial}. */
    public static final double DEFAULT_THRESHOLD = 0.9;
    /** Default audit share under {@code partial}. */
    public static final double DEFAULT_PARTIAL_AUDIT = 0.02;
    /** A deployment without {@code spec.automation}: the model answers everything, nothing audited. */
    public static final AutomationSetting DEFAULT = new AutomationSetting(AutomationLevel.FULL, DEFAULT_THRESHOLD,
            Map.of(), 0, 0);

    public AutomationSetting {
        Objects.requireNonNull(level, "level");
        classThresholds = Map.copyOf(classThresholds);
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
        }
        classThresholds.forEach((k, v) -> {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("class threshold of " + k + " must be in [0, 1], was " + v);
            }
        });
        if (!(auditShare >= 0 && auditShare <= 1)) {
            throw new IllegalArgumentException("auditShare must be in [0, 1], was " + auditShare);
        }
    }

    /** The threshold the model's confidence must reach for it to answer {@code label} by itself. */
    public double thresholdFor(String label) {
        Double t = label == null ? null : classThresholds.get(label);
        return t == null ? threshold : t;
    }

    /** This setting at another level (other fields kept). */
    public AutomationSetting withLevel(AutomationLevel l) {
        return new AutomationSetting(l, threshold, classThresholds, auditShare, priority);
    }

    /** Whether the gateway can answer without this layer: full automation, nothing audited. */
    public boolean passThrough() {
        return level == AutomationLevel.FULL && auditShare == 0;
    }

    /** The JSON form, as in {@code spec.automation} (also how it is stored). */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("level", level.wireName());
        o.put("threshold", threshold);
        ObjectNode c = o.putObject("class_thresholds");
        new TreeMap<>(classThresholds).forEach(c::put);
        o.put("audit_share", auditShare);
        o.put("priority", priority);
        return o;
    }

    /** Reads the stored JSON form; fields missing fall back to the defaults. */
    public static AutomationSetting fromJson(JsonNode n) {
        AutomationLevel level = AutomationLevel.parse(n.path("level").asText()).orElse(AutomationLevel.FULL);
        Map<String, Double> classes = new TreeMap<>();
        n.path("class_thresholds").properties().forEach(e -> classes.put(e.getKey(), e.getValue().asDouble()));
        return new AutomationSetting(level, n.path("threshold").asDouble(DEFAULT_THRESHOLD), classes,
                n.path("audit_share").asDouble(0), n.path("priority").asInt(0));
    }
}
