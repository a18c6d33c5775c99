package dev.shepherd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.config.RolloutSpecReader;
import dev.shepherd.schema.RecordDecoder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shepherd grafana-dashboard}: the JSON is a well-formed Grafana dashboard (variables,
 * unique ids, a non-overlapping 24-column grid, targets on every panel), every expression is PromQL
 * that {@code promtool check rules} parses, and every metric family it names is one that
 * {@code /metrics} of a real node exports once it has traffic, a refused request, a canary, a
 * label, a feedback event, a drift evaluation and a deployment in partial automation.
 */
class GrafanaDashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Families of Shepherd, the process, the JVM and the machine named in an expression. */
    private static final Pattern FAMILY = Pattern.compile("\\b((?:shepherd|process|jvm|system)_[a-z0-9_]+)");

    @TempDir
    Path dir;

    private static JsonNode dashboard(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("grafana-dashboard"));
        all.addAll(List.of(args));
        CliRunner.Run run = CliRunner.run(all.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static List<String> exprs(JsonNode d) {
        List<String> out = new ArrayList<>();
        d.path("panels").forEach(p -> p.path("targets").forEach(t -> out.add(t.path("expr").asText())));
        return out;
    }

    @Test
    void isAGrafanaDashboardWithVariablesAndAGridOfPanels() throws Exception {
        JsonNode d = dashboard();
        assertThat(d.path("title").asText()).isEqualTo("Shepherd");
        assertThat(d.path("uid").asText()).isEqualTo("shepherd-overview");
        assertThat(d.path("schemaVersion").asInt()).isEqualTo(39);

        JsonNode vars = d.path("templating").path("list");
        JsonNode deployment = find(vars, "deployment");
        assertThat(deployment.path("type").asText()).isEqualTo("query");
        assertThat(deployment.path("definition").asText()).isEqualTo("label_values(shepherd_requests_total, deployment)");
        assertThat(deployment.path("query").path("query").asText()).isEqualTo(deployment.path("definition").asText());
        assertThat(deployment.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        JsonNode datasource = find(vars, "datasource");
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");

        JsonNode panels = d.path("panels");
        assertThat(panels.size()).isEqualTo(GrafanaDashboard.PANELS.size()).isGreaterThanOrEqualTo(20);
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode p : panels) {
            String title = p.path("title").asText();
            assertThat(p.path("id").isInt()).as(title).isTrue();
            assertThat(ids.add(p.path("id").asInt())).as("id of %s is unique", title).isTrue();
            assertThat(p.path("type").asText()).as(title).isIn("timeseries", "stat");
            assertThat(title).isNotBlank();
            assertThat(p.path("fieldConfig").path("defaults").path("unit").asText()).as(title)
                    .isIn("reqps", "s", "percentunit", "bytes", "none", "cps");
            assertThat(p.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            JsonNode g = p.path("gridPos");
            int x = g.path("x").asInt(-1);
            int y = g.path("y").asInt(-1);
            int w = g.path("w").asInt();
            int h = g.path("h").asInt();
            assertThat(x).as(title).isBetween(0, 23);
            assertThat(y).as(title).isNotNegative();
            assertThat(w).as(title).isPositive();
            assertThat(h).as(title).isPositive();
            assertThat(x + w).as("%s fits in 24 columns", title).isLessThanOrEqualTo(24);
            for (int[] b : boxes) {
                boolean apart = x + w <= b[0] || b[0] + b[2] <= x || y + h <= b[1] || b[1] + b[3] <= y;
                assertThat(apart).as("%s overlaps the panel at %d,%d", title, b[0], b[1]).isTrue();
            }
            boxes.add(new int[] {x, y, w, h});
            assertThat(p.path("targets").size()).as(title).isPositive();
            Set<String> refIds = new HashSet<>();
            for (JsonNode t : p.path("targets")) {
                assertThat(t.path("expr").asText()).as(title).isNotBlank();
                assertThat(refIds.add(t.path("refId").asText())).as(title).isTrue();
            }
        }
        assertThat(panels.findValuesAsText("title")).contains("Throughput", "Latency p50 / p99", "Error rate",
                "Null outputs", "Missing inputs", "Missing inputs by feature", "Confidence", "Accuracy",
                "Drift share", "Drift score by feature", "Rollout", "Alerts", "Review queue", "Oldest review item",
                "Process CPU", "Heap", "Load per CPU");
    }

    @Test
    void writesAFileAndSelectsTheNamedDatasource() throws Exception {
        Path file = dir.resolve("shepherd.json");
        CliRunner.Run run = CliRunner.run("grafana-dashboard", "--datasource", "Prom EU", "--out", file.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        JsonNode d = JSON.readTree(Files.readString(file));
        assertThat(find(d.path("templating").path("list"), "datasource").path("current").path("value").asText())
                .isEqualTo("Prom EU");
        assertThat(exprs(d)).isEqualTo(exprs(dashboard()));
        assertThat(CliRunner.run("grafana-dashboard", "--out", dir.resolve("missing/dir/x.json").toString()).code())
                .isEqualTo(2);
    }

    @Test
    void everyExpressionIsPromQl() throws Exception {
        List<String> exprs = exprs(dashboard());
        StringBuilder rules = new StringBuilder("groups:\n  - name: grafana-dashboard\n    rules:\n");
        int i = 0;
        for (String e : exprs) {
            assertBalanced(e);
            // Grafana's variables are not PromQL: give them the values Grafana would
            String promql = e.replace("$__rate_interval", "5m").replace("$deployment", ".*");
            assertThat(promql).as(e).doesNotContain("$");
            rules.append("      - record: grafana:expr_").append(i++).append('\n')
                    .append("        expr: '").append(promql.replace("'", "''")).append("'\n");
        }
        Path file = dir.resolve("exprs.rules.yml");
        Files.writeString(file, rules);
        Process promtool = new ProcessBuilder("promtool", "check", "rules", file.toString()).redirectErrorStream(true).start();
        String out = new String(promtool.getInputStream().readAllBytes());
        assertThat(promtool.waitFor()).as(out).isZero();
        assertThat(out).contains("SUCCESS: " + exprs.size() + " rules found");
    }

    @Test
    void everyFamilyItNamesIsExportedByARealNode() throws Exception {
        Set<String> families = new TreeSet<>();
        for (String e : exprs(dashboard())) {
            Matcher m = FAMILY.matcher(e);
            while (m.find()) {
                families.add(m.group(1));
            }
        }
        assertThat(families).hasSizeGreaterThan(25);

        Path data = dir.resolve("data");
        HttpClient http = HttpClient.newHttpClient();
        try (Node node = Node.start(Node.Options.defaults(data, 0))) {
            DemoModels.ensure(node.gateway(), data, Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()));
            String spec = """
                    {"candidate": "v2", "strategy": "canary", "steps": [{"weight": 50, "bake": "1h"}]}""";
            node.rollouts().start(DemoModels.NAME, RolloutSpecReader.parse(spec), spec, "test");
            var applicants = DemoCommand.liveRecords();
            for (int i = 0; i < 60; i++) {
                JsonNode r = JSON.valueToTree(applicants.get().record());
                node.gateway().infer(DemoModels.NAME, null, (schema, max) -> RecordDecoder.decode(schema, r, max), "g-" + i);
                String body = JSON.createObjectNode().set("instances", JSON.createArrayNode().add(r)).toString();
                HttpResponse<String> review = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/deployments/"
                                + DemoModels.REVIEW + "/predict")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(review.statusCode()).as(review.body()).isIn(200, 202);
            }
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/deployments/"
                            + DemoModels.NAME + "/predict")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [{\"income\": \"lots\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).as("an error, for shepherd_errors_total").isEqualTo(400);
            assertThat(post(http, node, "{\"request_id\": \"g-1\", \"label\": \"repaid\"}")).isEqualTo(201);
            assertThat(post(http, node, "{\"event\": \"redo_search\", \"request_id\": \"g-2\"}")).isEqualTo(201);
            node.drift().tick();
            node.monitoring().tick();
            String metrics = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            List<String> absent = new ArrayList<>();
            for (String family : families) {
                if (!exported(metrics, family)) {
                    absent.add(family);
                }
            }
            assertThat(absent).as("families the dashboard names but /metrics lacks").isEmpty();
        }
    }

    private static int post(HttpClient http, Node node, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/feedback"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** A sample of the family, or (for a histogram's or summary's series) of its base family. */
    private static boolean exported(String metrics, String family) {
        if (Pattern.compile("(?m)^" + family + "[{ ]").matcher(metrics).find()) {
            return true;
        }
        String base = family.replaceFirst("_(bucket|count|sum)$", "");
        return !base.equals(family)
                && Pattern.compile("(?m)^# TYPE " + base + " (histogram|summary)$").matcher(metrics).find();
    }

    private static JsonNode find(JsonNode vars, String name) {
        for (JsonNode v : vars) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no template variable " + name + " in " + vars);
    }

    /** Parentheses, brackets and braces close in order, outside quoted label values. */
    private static void assertBalanced(String expr) {
        java.util.ArrayDeque<Character> open = new java.util.ArrayDeque<>();
        boolean quoted = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '"' && (i == 0 || expr.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && "([{".indexOf(c) >= 0) {
                open.push(c);
            } else if (!quoted && ")]}".indexOf(c) >= 0) {
                assertThat(open).as("%s: '%s' at %d closes nothing", expr, c, i).isNotEmpty();
                assertThat("([{".charAt(")]}".indexOf(c))).as("%s at %d", expr, i).isEqualTo(open.pop());
            }
        }
        assertThat(quoted).as("%s: an unclosed quote", expr).isFalse();
        assertThat(open).as("%s: unclosed", expr).isEmpty();
    }
}
