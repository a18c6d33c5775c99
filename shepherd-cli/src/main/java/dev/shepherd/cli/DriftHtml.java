package dev.shepherd.cli;

import dev.shepherd.drift.DriftReport;
import dev.shepherd.drift.FeatureDrift;
import java.util.Locale;

/** A self-contained HTML page of a drift report (no scripts, no external resources). Stateless. */
final class DriftHtml {
    private DriftHtml() {
    }

    static String render(DriftReport r, String reference, String current) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Drift report</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
                .append("th,td{padding:.35em .8em;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child")
                .append("{text-align:left}.drift{color:#b00020;font-weight:600}.ok{color:#1b5e20}.verdict{font-size:1.3em;")
                .append("margin:1em 0}</style></head><body>\n");
        sb.append("<h1>Drift report</h1>\n<p>Current <b>").append(esc(current)).append("</b> (")
                .append(String.format(Locale.ROOT, "%,d", r.currentRows())).append(" rows) against reference <b>")
                .append(esc(reference)).append("</b> (").append(String.format(Locale.ROOT, "%,d", r.referenceRows()))
                .append(" rows).</p>\n");
        sb.append("<p class=\"verdict ").append(r.datasetDrift() ? "drift" : "ok").append("\">")
                .append(r.datasetDrift() ? "Dataset drift" : "No dataset drift").append(": ").append(r.drifted())
                .append(" of ").append(r.evaluated()).append(" features drifted (")
                .append(String.format(Locale.ROOT, "%.0f %% , threshold %.0f %%", r.share() * 100, r.shareThreshold() * 100))
                .append(")</p>\n<table>\n<thead><tr><th>Feature</th><th>Type</th><th>Method</th><th>Score</th>")
                .append("<th>Threshold</th><th>Verdict</th><th>Effect size</th><th>Reference</th><th>Current</th></tr></thead>\n<tbody>\n");
        for (FeatureDrift f : r.features()) {
            sb.append("<tr><td>").append(esc(f.feature())).append("</td><td>")
                    .append(f.kind().name().toLowerCase(Locale.ROOT)).append("</td><td>").append(f.method().wireName())
                    .append(f.method().pValue() ? " (p-value)" : "").append("</td><td>").append(DriftText.num(f.score()))
                    .append("</td><td>").append(DriftText.num(f.threshold())).append("</td><td class=\"")
                    .append(f.drifted() ? "drift" : "ok").append("\">")
                    .append(f.evaluated() ? (f.drifted() ? "drift" : "ok") : esc(f.note())).append("</td><td>")
                    .append(DriftText.num(f.effectSize())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,d", f.reference())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,d", f.current())).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n</body></html>\n");
        return sb.toString();
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
