package dev.shepherd.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.automation.AutomationLevel;
import dev.shepherd.automation.AutomationSetting;
import dev.shepherd.error.ConfigError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a deployment's {@code spec.automation}:
 * <pre>
 * automation:
 *   level: partial              # human | shadow | assist | partial | full (required)
 *   threshold: 0.9              # partial: the model answers at confidence >= this (0..1; default 0.9)
 *   classThresholds:            # per predicted class, replacing threshold
 *     default: 0.97
 *   auditShare: 0.02            # partial, full: share of the model's answers sent to people, blind
 *                               # (0..1; default 0.02 under partial, 0 otherwise)
 *   priority: 0                 # review priority of the deployment's items (-1000..1000)
 * </pre>
 * {@code class_thresholds} and {@code audit_share} are accepted as spellings too. Problems are
 * collected with their paths. Thread-safe.
 */
public final class AutomationSpecReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("level", "threshold", "classThresholds", "class_thresholds",
            "auditShare", "audit_share", "priority");

    private AutomationSpecReader() {
    }

    /** {@code spec.automation} of a stored deployment spec; {@link AutomationSetting#DEFAULT} when absent or unreadable. */
    public static AutomationSetting ofSpec(String specJson) {
        if (specJson == null || specJson.isBlank()) {
            return AutomationSetting.DEFAULT;
        }
        try {
            JsonNode n = JSON.readTree(specJson).get("automation");
            if (n == null || n.isNull()) {
                return AutomationSetting.DEFAULT;
            }
            AutomationSetting s = read(n, "spec.automation", new ArrayList<>());
            return s == null ? AutomationSetting.DEFAULT : s;
        } catch (IOException e) {
            return AutomationSetting.DEFAULT;
        }
    }

    /**
     * Reads a setting from {@code node} (a spec section, or an API body with the same fields);
     * {@code null} with the problems added to {@code errors} when it is invalid.
     */
    public static AutomationSetting read(JsonNode node, String path, List<ConfigError> errors) {
        if (!node.isObject()) {
            errors.add(new ConfigError(path, "must be a mapping with level, threshold, classThresholds, auditShare, "
                    + "priority"));
            return null;
        }
        Fields f = new Fields(node, path, errors);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                f.error(name, "unknown field; expected level, threshold, classThresholds, auditShare or priority");
            }
        }
        String l = f.text("level", true);
        AutomationLevel level = l == null ? null : AutomationLevel.parse(l).orElse(null);
        if (l != null && level == null) {
            f.error("level", "must be " + AutomationLevel.choices() + ", was '" + l + "'");
        }
        Double threshold = f.number("threshold");
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            f.error("threshold", "must be in [0, 1], was " + threshold);
        }
        String classesField = node.has("class_thresholds") ? "class_thresholds" : "classThresholds";
        Map<String, Double> classes = new TreeMap<>();
        Fields c = f.object(classesField, false);
        if (c != null) {
            for (Iterator<String> it = c.node.fieldNames(); it.hasNext(); ) {
                String label = it.next();
                Double t = c.number(label);
                if (t != null && !(t >= 0 && t <= 1)) {
                    c.error(label, "must be in [0, 1], was " + t);
                } else if (t != null) {
                    classes.put(label, t);
                }
            }
        }
        String auditField = node.has("audit_share") ? "audit_share" : "auditShare";
        Double audit = f.number(auditField);
        if (audit != null && !(audit >= 0 && audit <= 1)) {
            f.error(auditField, "must be in [0, 1], was " + audit);
        }
        Double priority = f.number("priority");
        if (priority != null && (priority != Math.rint(priority) || Math.abs(priority) > 1000)) {
            f.error("priority", "must be a whole number in -1000..1000, was " + priority);
        }
        if (f.failed() || level == null) {
            return null;
        }
        double share = audit != null ? audit : level == AutomationLevel.PARTIAL ? AutomationSetting.DEFAULT_PARTIAL_AUDIT : 0;
        return new AutomationSetting(level, threshold == null ? AutomationSetting.DEFAULT_THRESHOLD : threshold, classes,
                share, priority == null ? 0 : priority.intValue());
    }
}
