package dev.shepherd.cli;

import dev.shepherd.drift.DriftReport;
import dev.shepherd.drift.FeatureDrift;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text form of a drift report: a table of features and the dataset verdict. Stateless. */
final class DriftText {
    private DriftText() {
    }

    static String render(DriftReport r, String reference, String current) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Drift of %s (%,d rows) against %s (%,d rows)%n%n", current, r.currentRows(),
                reference, r.referenceRows()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"FEATURE", "TYPE", "METHOD", "SCORE", "THRESHOLD", "DRIFT", "EFFECT SIZE", "REF", "CURRENT"});
        for (FeatureDrift f : r.features()) {
            rows.add(new String[] {f.feature(), f.kind().name().toLowerCase(Locale.ROOT), f.method().wireName()
                    + (f.method().pValue() ? " (p)" : ""), f.evaluated() ? num(f.score()) : "-", num(f.threshold()),
                    f.evaluated() ? (f.drifted() ? "DRIFT" : "ok") : f.note(), num(f.effectSize()),
                    String.format(Locale.ROOT, "%,d", f.reference()), String.format(Locale.ROOT, "%,d", f.current())});
        }
        sb.append(Table.render(rows));
        sb.append(String.format(Locale.ROOT, "%n%s: %d of %d features drifted (%.0f %%, threshold %.0f %%)%n",
                r.datasetDrift() ? "DATASET DRIFT" : "No dataset drift", r.drifted(), r.evaluated(), r.share() * 100,
                r.shareThreshold() * 100));
        return sb.toString();
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
