package dev.shepherd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shepherd get deployments|models}: prints a table (or JSON with {@code -o json}). */
@Command(name = "get", mixinStandardHelpOptions = true, description = "List deployments or models of a running server.")
final class GetCommand implements Callable<Integer> {

    enum Kind { deployments, models }

    @Parameters(index = "0", description = "What to list: ${COMPLETION-CANDIDATES}.")
    Kind kind;

    @picocli.CommandLine.Mixin
    ServerOptions options;

    /** {@code v2 (25%)}, {@code v2 (shadow)}, or {@code -}. */
    private static String candidate(JsonNode c) {
        if (!c.isObject()) {
            return "-";
        }
        double w = c.path("weight").asDouble();
        String share = w > 0 ? (w == Math.rint(w) ? Long.toString((long) w) : Double.toString(w)) + "%" : "shadow";
        return c.path("version").asText() + " (" + share + ")";
    }

    @Override
    public Integer call() {
        boolean json = options.json();
        ServerClient client = options.client();
        JsonNode body = client.get(kind == Kind.deployments ? "/api/v1/deployments" : "/api/v1/models");
        if (json) {
            System.out.println(body.toPrettyString());
            return 0;
        }
        JsonNode items = body.isArray() ? body : body.path(kind.name());
        List<String[]> rows = new ArrayList<>();
        if (kind == Kind.deployments) {
            rows.add(new String[] {"NAME", "MODEL", "SERVING", "CANDIDATE", "READY", "UPDATED"});
            for (JsonNode d : items) {
                rows.add(new String[] {d.path("name").asText(), d.path("model").asText(), d.path("serving").asText(),
                        candidate(d.path("candidate")), d.path("ready").asText(), d.path("updated_at").asText()});
            }
        } else {
            rows.add(new String[] {"NAME", "VERSION", "RUNTIME", "SHA256", "CREATED", "SOURCE"});
            for (JsonNode m : items) {
                String sha = m.path("sha256").asText("");
                rows.add(new String[] {m.path("name").asText(), m.path("version").asText(), m.path("runtime").asText(),
                        sha.length() > 12 ? sha.substring(0, 12) : (sha.isEmpty() || sha.equals("null") ? "-" : sha),
                        m.path("created_at").asText(), m.path("provenance").path("source").asText()});
            }
        }
        System.out.print(Table.render(rows));
        return 0;
    }
}
