package dev.shepherd.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.drift.Distances;
import dev.shepherd.drift.DriftSettings;
import dev.shepherd.drift.DriftSpec;
import dev.shepherd.drift.Method;
import dev.shepherd.error.ConfigError;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a deployment's {@code spec.drift}:
 * <pre>
 * drift:
 *   enabled: true
 *   windows: [5m, 1d]          # default [1h]; each at least 1m, at most 30d
 *   share: 0.5                 # dataset drift when at least this share of features drift
 *   bins: 10
 *   features:
 *     income: {method: psi, threshold: 0.2}
 *     region: {threshold: 0.05}
 * </pre>
 * Problems are collected with their paths. Thread-safe.
 */
public final class DriftSpecReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DriftSpecReader() {
    }

    /** {@code spec.drift} of a stored deployment spec; the default when absent or unreadable. */
    public static DriftSpec ofSpec(String specJson) {
        if (specJson == null || specJson.isBlank()) {
            return DriftSpec.DEFAULT;
        }
        try {
            JsonNode n = JSON.readTree(specJson).get("drift");
            if (n == null || n.isNull()) {
                return DriftSpec.DEFAULT;
            }
            List<ConfigError> errors = new ArrayList<>();
            DriftSpec s = read(n, "spec.drift", errors);
            return s == null ? DriftSpec.DEFAULT : s;
        } catch (IOException e) {
            return DriftSpec.DEFAULT;
        }
    }

    static DriftSpec read(JsonNode node, String path, List<ConfigError> errors) {
        if (!node.isObject()) {
            errors.add(new ConfigError(path, "must be a mapping with windows, share, bins, features"));
            return null;
        }
        Fields f = new Fields(node, path, errors);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!Set.of("enabled", "windows", "share", "bins", "features").contains(name)) {
                f.error(name, "unknown field; expected enabled, windows, share, bins or features");
            }
        }
        Boolean enabled = f.bool("enabled");
        List<Duration> windows = new ArrayList<>();
        JsonNode w = node.get("windows");
        if (w == null || w.isNull()) {
            windows.addAll(DriftSpec.DEFAULT.windows());
        } else if (!w.isArray() || w.isEmpty()) {
            f.error("windows", "must be a non-empty list of durations like [5m, 1d]");
        } else {
            for (int i = 0; i < w.size(); i++) {
                Duration d = w.get(i).isTextual() ? Durations.parse(w.get(i).textValue()) : null;
                if (d == null || d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(30)) > 0) {
                    f.error("windows[" + i + "]", "must be a duration from 1m to 30d, was " + w.get(i));
                } else {
                    windows.add(d);
                }
            }
        }
        Double share = f.number("share");
        if (share != null && !(share > 0 && share <= 1)) {
            f.error("share", "must be in (0, 1], was " + share);
        }
        Double bins = f.number("bins");
        if (bins != null && (bins != Math.rint(bins) || bins < 2 || bins > 1000)) {
            f.error("bins", "must be a whole number in 2..1000, was " + bins);
        }
        Map<String, DriftSettings.Override> overrides = new HashMap<>();
        Fields features = f.object("features", false);
        if (features != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = features.node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Fields o = features.object(e.getKey(), true);
                if (o == null) {
                    continue;
                }
                String m = o.text("method", false);
                Method method = m == null ? null : Method.parse(m).orElse(null);
                if (m != null && method == null) {
                    o.error("method", "must be one of ks, chi_square, wasserstein_normed, wasserstein, psi, "
                            + "jensen_shannon, l_infinity, was '" + m + "'");
                }
                Double t = o.number("threshold");
                if (t != null && t < 0) {
                    o.error("threshold", "must be >= 0, was " + t);
                }
                overrides.put(e.getKey(), new DriftSettings.Override(method, t));
            }
        }
        if (f.failed()) {
            return null;
        }
        DriftSettings settings = new DriftSettings(bins == null ? 10 : bins.intValue(), Distances.DEFAULT_PSI_EPSILON,
                share == null ? 0.5 : share, 1_000, overrides);
        return new DriftSpec(enabled == null || enabled, windows, settings);
    }
}
