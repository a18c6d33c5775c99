package dev.shepherd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shepherd.config.ConfigBundle;
import dev.shepherd.config.ConfigParser;
import dev.shepherd.registry.Deployment;
import dev.shepherd.registry.ModelVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shepherd apply -f FILE}: validates the file locally (every error listed, exit 2, nothing
 * sent), turns relative artifact paths into absolute ones, and applies it to a running server,
 * which applies it all-or-nothing.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, description = "Apply declarative YAML to a running server.")
final class ApplyCommand implements Callable<Integer> {

    @Option(names = {"-f", "--file"}, required = true, description = "YAML file with Model and Deployment documents.")
    Path file;

    @picocli.CommandLine.Mixin
    ServerOptions options;

    @Override
    public Integer call() throws IOException {
        String text = Node.read(file);
        Path base = file.toAbsolutePath().getParent();
        ConfigBundle bundle = new ConfigParser(Clock.systemUTC()).parse(text, base, "apply:" + file.getFileName());
        String absolute = absolutize(text, bundle);
        JsonNode applied = options.client().post("/api/v1/apply", "application/yaml", absolute);
        for (ModelVersion m : bundle.models()) {
            System.out.println("model.shepherd/" + m.key() + " applied");
        }
        for (Deployment d : bundle.deployments()) {
            System.out.println("deployment.shepherd/" + d.name() + " applied (serving " + d.serving() + ")");
        }
        if (applied.isNull()) {
            System.out.println("(server returned no body)");
        }
        return 0;
    }

    /** Rewrites each Model's spec.uri to the absolute path the local parser resolved. */
    private static String absolutize(String text, ConfigBundle bundle) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<JsonNode> docs = new ArrayList<>(yaml.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll());
        StringBuilder out = new StringBuilder();
        for (JsonNode doc : docs) {
            if (doc == null || doc.isNull()) {
                continue;
            }
            if ("Model".equals(doc.path("kind").asText()) && doc.path("spec").isObject()) {
                String name = doc.path("metadata").path("name").asText();
                String version = doc.path("metadata").path("version").asText();
                bundle.models().stream().filter(m -> m.name().equals(name) && m.version().equals(version))
                        .findFirst().ifPresent(m -> ((ObjectNode) doc.path("spec")).put("uri", m.uri()));
            }
            out.append(yaml.writeValueAsString(doc));
        }
        return out.toString();
    }
}
