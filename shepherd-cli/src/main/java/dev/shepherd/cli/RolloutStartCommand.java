package dev.shepherd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.shepherd.config.Durations;
import dev.shepherd.config.RolloutSpecReader;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.rollout.Step;
import dev.shepherd.rollout.Strategy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shepherd rollout start DEPLOYMENT}: builds the rollout mapping of
 * {@link RolloutSpecReader} from flags, or reads it from {@code -f FILE} (YAML or JSON: the
 * mapping itself, or a Deployment document whose {@code spec.rollout} it is) with flags given
 * beside it overriding the file's fields, and posts it to {@code /rollout/start}. Only the flags'
 * syntax is checked here ({@code --gate}: {@link GateSyntax}; durations; the strategy); the server
 * validates the rest and its 400 lists each bad field. Step flags ({@code --bake},
 * {@code --min-requests}, {@code --approval}) apply to every step: those of {@code --steps}, else
 * the file's, else the default 5, 25, 50, 100 %; with {@code --strategy blue-green},
 * {@code --bake} is the time on green instead.
 */
@Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start rolling a candidate version out to a deployment.")
final class RolloutStartCommand implements Callable<Integer> {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    enum Then { stop, canary }

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment.")
    String deployment;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "YAML or JSON file with the rollout mapping (or a Deployment with spec.rollout); flags override its fields.")
    Path file;

    @Option(names = "--candidate", paramLabel = "VERSION", description = "The model version to roll out (required unless in FILE).")
    String candidate;

    @Option(names = "--strategy", paramLabel = "STRATEGY", description = "canary (default), shadow or blue-green.")
    String strategy;

    @Option(names = "--steps", split = ",", paramLabel = "PERCENT",
            description = "Canary weights in percent, e.g. 5,25,50,100 (the default).")
    List<Double> steps;

    @Option(names = "--bake", paramLabel = "DURATION",
            description = "Time each step must pass its gates before the next (default 1m); blue-green: time on green (default 2m).")
    String bake;

    @Option(names = "--min-requests", paramLabel = "N", description = "Candidate requests each step needs before it may advance.")
    Long minRequests;

    @Option(names = "--approval", description = "Every step waits for 'shepherd rollout approve' before the next.")
    boolean approval;

    @Option(names = "--gate", paramLabel = "GATE",
            description = "A gate, repeatable: METRIC[{LABEL}] <= or >= BOUND, BOUND absolute (0.01), a ratio to the primary "
                    + "(1.2x) or a difference to it (+0.05), e.g. 'error_rate<=0.01', 'latency_p99_ms<=1.2x', "
                    + "'feedback_rate{redo_search}<=+0.05'. Default: error_rate and null_output_fraction <= 0.05.")
    List<String> gates;

    @Option(names = "--shadow-share", paramLabel = "SHARE", description = "Shadow: share of requests copied, (0, 1] (default 1).")
    Double shadowShare;

    @Option(names = "--shadow-duration", paramLabel = "DURATION", description = "Shadow: how long to run.")
    String shadowDuration;

    @Option(names = "--shadow-requests", paramLabel = "N", description = "Shadow: how many requests to compare.")
    Long shadowRequests;

    @Option(names = "--then", paramLabel = "NEXT", description = "Shadow: what follows, stop (default) or canary.")
    Then then;

    @Option(names = "--warmup", paramLabel = "N", description = "Blue-green: warm-up requests before the switch (default 50).")
    Integer warmup;

    @Option(names = "--verify", paramLabel = "DURATION", description = "Blue-green: shadow verification before the switch (default 0s).")
    String verify;

    @Option(names = "--retention", paramLabel = "DURATION", description = "Blue-green: how long blue stays loaded (default 30m).")
    String retention;

    @Option(names = "--analysis-window", paramLabel = "DURATION", description = "Gates look at this much recent traffic (default 1m).")
    String analysisWindow;

    @Option(names = "--analysis-min-requests", paramLabel = "N",
            description = "Candidate requests in the window before gates decide (default 20).")
    Long analysisMinRequests;

    @Option(names = "--sticky-feature", paramLabel = "FEATURE",
            description = "Input feature that keeps a caller on one version (else the X-Shepherd-Key header).")
    String stickyFeature;

    @Option(names = "--compare-share", paramLabel = "SHARE",
            description = "Share of canary requests also run on the primary to measure disagreement (default 1).")
    Double compareShare;

    @Mixin
    ActorOption actor;

    @Mixin
    ServerOptions options;

    @Override
    public Integer call() {
        boolean json = options.json();
        ObjectNode spec = spec();
        String who = actor.name();
        JsonNode r = options.client().post(ServerClient.rolloutPath(deployment, "/start"), spec, who);
        System.out.print(json ? r.toPrettyString() + "\n" : RolloutText.summary("started", r));
        return 0;
    }

    /** The rollout mapping: the file's (if any) with the flags applied. */
    ObjectNode spec() {
        ObjectNode spec = file == null ? F.objectNode() : read(file);
        if (candidate != null) {
            spec.put("candidate", candidate);
        } else if (file == null) {
            throw new InvalidInputException("--candidate", "--candidate is required (or -f FILE with a candidate)");
        }
        Strategy chosen = Strategy.CANARY;
        if (strategy != null) {
            chosen = Strategy.parse(strategy).orElseThrow(() -> new InvalidInputException("--strategy",
                    "--strategy must be canary, shadow or blue-green, was '" + strategy + "'"));
            spec.put("strategy", chosen.wireName());
        } else if (spec.path("strategy").isTextual()) {
            chosen = Strategy.parse(spec.path("strategy").asText()).orElse(Strategy.CANARY);
        }
        boolean blueGreen = chosen == Strategy.BLUE_GREEN;
        steps(spec, blueGreen ? null : duration("--bake", bake));
        if (gates != null) {
            ArrayNode list = spec.putArray("gates");
            gates.forEach(g -> list.add(GateSyntax.parse(g)));
        }
        if (shadowShare != null || shadowDuration != null || shadowRequests != null || then != null) {
            ObjectNode s = child(spec, "shadow");
            putIf(s, "share", shadowShare);
            putIf(s, "duration", duration("--shadow-duration", shadowDuration));
            putIf(s, "requests", shadowRequests);
            putIf(s, "then", then == null ? null : then.name());
        }
        if (warmup != null || verify != null || retention != null || (blueGreen && bake != null)) {
            ObjectNode b = child(spec, "blueGreen");
            putIf(b, "warmup", warmup);
            putIf(b, "verify", duration("--verify", verify));
            putIf(b, "bake", blueGreen ? duration("--bake", bake) : null);
            putIf(b, "retention", duration("--retention", retention));
        }
        if (analysisWindow != null || analysisMinRequests != null) {
            ObjectNode a = child(spec, "analysis");
            putIf(a, "window", duration("--analysis-window", analysisWindow));
            putIf(a, "minRequests", analysisMinRequests);
        }
        if (stickyFeature != null) {
            child(spec, "stickyKey").put("feature", stickyFeature);
        }
        putIf(spec, "compareShare", compareShare);
        return spec;
    }

    /** Applies {@code --steps} and the per-step flags ({@code stepBake} is {@code --bake} unless blue-green). */
    private void steps(ObjectNode spec, String stepBake) {
        if (steps != null) {
            ArrayNode list = spec.putArray("steps");
            steps.forEach(w -> list.addObject().put("weight", w));
        }
        if (stepBake == null && minRequests == null && !approval) {
            return;
        }
        if (!spec.path("steps").isArray()) {
            ArrayNode list = spec.putArray("steps");
            for (Step s : RolloutSpecReader.DEFAULT_STEPS) {
                list.addObject().put("weight", s.weight());
            }
        }
        for (JsonNode step : spec.path("steps")) {
            if (step instanceof ObjectNode o) {
                putIf(o, "bake", stepBake);
                putIf(o, "minRequests", minRequests);
                if (approval) {
                    o.put("approval", true);
                }
            }
        }
    }

    /** The file's rollout mapping; a Deployment document yields its {@code spec.rollout}. */
    static ObjectNode read(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("--file", "--file " + file + ": cannot read it as YAML or JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root != null && "Deployment".equals(root.path("kind").asText())) {
            root = root.path("spec").path("rollout");
        }
        if (!(root instanceof ObjectNode o)) {
            throw new InvalidInputException("--file", "--file " + file + ": expected a rollout mapping (candidate, "
                    + "strategy, steps, gates, ...) or a Deployment with spec.rollout");
        }
        return o;
    }

    /** {@code text} trimmed, after checking it is a duration; {@code null} stays {@code null}. */
    private static String duration(String option, String text) {
        if (text == null) {
            return null;
        }
        if (Durations.parse(text) == null) {
            throw new InvalidInputException(option, option + " must be a duration like 30s, 5m or 1h, was '" + text + "'");
        }
        return text.trim();
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode o ? o : parent.putObject(name);
    }

    private static void putIf(ObjectNode o, String field, Object value) {
        switch (value) {
            case null -> { }
            case String s -> o.put(field, s);
            case Double d -> o.put(field, d);
            case Long l -> o.put(field, l);
            case Integer i -> o.put(field, i);
            default -> throw new IllegalArgumentException(field + ": " + value);
        }
    }
}
