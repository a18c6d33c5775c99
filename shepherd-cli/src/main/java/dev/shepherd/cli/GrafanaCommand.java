package dev.shepherd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shepherd grafana-dashboard [--datasource NAME] [--out FILE]}: writes the Grafana
 * dashboard of {@link GrafanaDashboard} (to import in Grafana, or to provision from a file). Needs
 * no running server.
 */
@Command(name = "grafana-dashboard", mixinStandardHelpOptions = true,
        description = "Write a Grafana dashboard (JSON) over Shepherd's Prometheus metrics.")
final class GrafanaCommand implements Callable<Integer> {
    @Option(names = "--datasource", paramLabel = "NAME",
            description = "The Prometheus data source selected at first (default: Grafana's default data source).")
    String datasource;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (datasource != null && datasource.isBlank()) {
            throw new InvalidInputException("--datasource", "--datasource must not be blank");
        }
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(GrafanaDashboard.json(datasource)) + "\n";
        if (out == null) {
            System.out.print(json);
            return 0;
        }
        try {
            Files.writeString(out, json);
        } catch (IOException e) {
            throw new InvalidInputException("--out", "--out: cannot write " + out + ": " + e.getMessage());
        }
        System.err.println("wrote a Grafana dashboard with " + GrafanaDashboard.PANELS.size() + " panels to " + out);
        return 0;
    }
}
