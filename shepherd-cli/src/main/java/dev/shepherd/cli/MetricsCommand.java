package dev.shepherd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.error.InvalidInputException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shepherd metrics DEPLOYMENT}: the current monitoring values of a deployment, one row per
 * metric of the vocabulary ({@code request_rate}, {@code latency_p99_ms},
 * {@code missing_input_fraction{feature="income"}}, …) and one column per version and role, read
 * from {@code GET /api/v1/deployments/{name}/metrics/summary}. {@code -o json} prints the
 * server's answer as is.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Show a deployment's current monitoring values per version and role.")
final class MetricsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment.")
    String deployment;

    @Option(names = {"-w", "--window"}, defaultValue = "5m",
            description = "How far back, e.g. 30s, 5m, 1h, 1d (default ${DEFAULT-VALUE}).")
    String window;

    @picocli.CommandLine.Mixin
    ServerOptions options;

    @Override
    public Integer call() {
        boolean json = options.json();
        if (DurationConverter.parse(window) == null) {
            throw new InvalidInputException("--window", "--window must be a duration such as 30s, 5m, 1h or 1d, was "
                    + window);
        }
        JsonNode body = options.client().get("/api/v1/deployments/" + encode(deployment)
                + "/metrics/summary?window=" + encode(window));
        if (json) {
            System.out.println(body.toPrettyString());
            return 0;
        }
        System.out.print(render(body));
        return 0;
    }

    /** The table: a title line, then metric rows by version/role columns ("-" where a column has no value). */
    static String render(JsonNode body) {
        StringBuilder out = new StringBuilder();
        out.append("deployment ").append(body.path("deployment").asText()).append(", last ")
                .append(body.path("window").asText()).append('\n');
        JsonNode series = body.path("series");
        if (series.isEmpty()) {
            return out.append("no requests in this window\n").toString();
        }
        Set<String> metrics = new LinkedHashSet<>();
        List<String> header = new ArrayList<>(List.of("METRIC"));
        for (JsonNode s : series) {
            JsonNode version = s.path("version");
            header.add((version.isTextual() ? version.asText() : "(no version)") + "/" + s.path("role").asText());
            s.path("values").fieldNames().forEachRemaining(metrics::add);
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(header.toArray(String[]::new));
        for (String metric : metrics) {
            String[] row = new String[header.size()];
            row[0] = metric;
            int i = 1;
            for (JsonNode s : series) {
                row[i++] = format(s.path("values").get(metric));
            }
            rows.add(row);
        }
        return out.append(Table.render(rows)).toString();
    }

    /** Four significant digits, no exponent for everyday magnitudes; "-" for absent or null. */
    static String format(JsonNode v) {
        if (v == null || v.isNull() || !v.isNumber()) {
            return v == null || v.isNull() ? "-" : v.asText();
        }
        double d = v.asDouble();
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        double abs = Math.abs(d);
        if (abs >= 1e-4 && abs < 1e7) {
            String s = new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
            return s;
        }
        return String.format(Locale.ROOT, "%.3e", d);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
