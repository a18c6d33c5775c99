package dev.shepherd.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a drift report, shared by the API and the CLI: {@code dataset_drift, share,
 * share_threshold, drifted, evaluated, reference_rows, current_rows, features: [{feature, type,
 * method, score, threshold, drifted, statistic, p_value, effect_size, reference, current, exact,
 * note, distribution}]}; numbers without a value are {@code null}. {@code distribution} is
 * {@code {kind: "numeric", edges: [k + 1], reference: [k], current: [k]}} or {@code {kind:
 * "category", categories: [k], reference: [k], current: [k]}} (shares; see
 * {@link FeatureDistribution}), {@code null} when the sides differ in type. Stateless.
 */
public final class DriftJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DriftJson() {
    }

    /** The report with every feature's distribution. */
    public static ObjectNode report(DriftReport r) {
        return report(r, true);
    }

    /**
     * The report; without {@code distributions} the features have no {@code distribution} field
     * (the compact form kept in the drift history).
     */
    public static ObjectNode report(DriftReport r, boolean distributions) {
        ObjectNode o = F.objectNode();
        o.put("dataset_drift", r.datasetDrift());
        o.put("share", r.share());
        o.put("share_threshold", r.shareThreshold());
        o.put("drifted", r.drifted());
        o.put("evaluated", r.evaluated());
        o.put("reference_rows", r.referenceRows());
        o.put("current_rows", r.currentRows());
        ArrayNode features = o.putArray("features");
        for (FeatureDrift f : r.features()) {
            ObjectNode n = feature(f);
            if (!distributions) {
                n.remove("distribution");
            }
            features.add(n);
        }
        return o;
    }

    public static ObjectNode feature(FeatureDrift f) {
        ObjectNode n = F.objectNode();
        n.put("feature", f.feature());
        n.put("type", f.kind() == ProfileBuilder.Kind.NUMERIC ? "numeric" : "category");
        n.put("method", f.method().wireName());
        number(n, "score", f.score());
        n.put("threshold", f.threshold());
        n.put("drifted", f.drifted());
        number(n, "statistic", f.statistic());
        number(n, "p_value", f.pValue());
        number(n, "effect_size", f.effectSize());
        n.put("reference", f.reference());
        n.put("current", f.current());
        n.put("exact", f.exact());
        n.put("note", f.note());
        n.set("distribution", distribution(f.distribution()));
        return n;
    }

    /** A feature's distribution, or a JSON {@code null}. */
    public static com.fasterxml.jackson.databind.JsonNode distribution(FeatureDistribution d) {
        if (d == null) {
            return F.nullNode();
        }
        ObjectNode n = F.objectNode();
        switch (d) {
            case FeatureDistribution.Numeric num -> {
                n.put("kind", "numeric");
                numbers(n.putArray("edges"), num.edges());
            }
            case FeatureDistribution.Category cat -> {
                n.put("kind", "category");
                ArrayNode cats = n.putArray("categories");
                cat.categories().forEach(cats::add);
            }
        }
        numbers(n.putArray("reference"), d.reference());
        numbers(n.putArray("current"), d.current());
        return n;
    }

    private static void numbers(ArrayNode into, double[] values) {
        for (double v : values) {
            into.add(v);
        }
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }
}
