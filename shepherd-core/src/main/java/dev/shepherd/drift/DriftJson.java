package dev.shepherd.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a drift report, shared by the API and the CLI: {@code dataset_drift, share,
 * share_threshold, drifted, evaluated, reference_rows, current_rows, features: [{feature, type,
 * method, score, threshold, drifted, statistic, p_value, effect_size, reference, current, exact,
 * note}]}; numbers without a value are {@code null}. Stateless.
 */
public final class DriftJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DriftJson() {
    }

    public static ObjectNode report(DriftReport r) {
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
            features.add(feature(f));
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
        return n;
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }
}
