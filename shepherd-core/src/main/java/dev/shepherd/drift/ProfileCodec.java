package dev.shepherd.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.InvalidInputException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * The serialized profile: a JSON document, versioned ({@code "format": "shepherd-profile",
 * "version": 1}), one entry per feature. A numeric feature holds its count, missing count, min,
 * max, mean and standard deviation, and either every value (at most
 * {@link ProfileBuilder#EXACT_CAP}: up to about 200 KB as JSON) or its KLL sketch
 * ({@code k = 200}, DataSketches' compact binary form in Base64: about 3 KB whatever the row
 * count), or, for a profile taken from a window of live traffic, the window sketch's retained
 * items and cumulative weights (a few hundred pairs). A category feature holds its counts (one entry per distinct value, at most
 * {@link ProfileBuilder#CATEGORY_CAP}). Thread-safe.
 */
public final class ProfileCodec {
    /** The value of {@code "format"}. */
    public static final String FORMAT = "shepherd-profile";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProfileCodec() {
    }

    public static byte[] write(Profile p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", Profile.FORMAT_VERSION);
        root.put("source", p.source());
        root.put("created_at", p.createdAt().toString());
        root.put("rows", p.rows());
        ArrayNode features = root.putArray("features");
        for (FeatureProfile f : p.features().values()) {
            ObjectNode o = features.addObject();
            o.put("name", f.name());
            o.put("missing", f.missing());
            switch (f) {
                case FeatureProfile.Numeric n -> {
                    o.put("type", "numeric");
                    o.put("count", n.count());
                    putNumber(o, "min", n.min());
                    putNumber(o, "max", n.max());
                    putNumber(o, "mean", n.sample().mean());
                    putNumber(o, "std", n.sample().std());
                    if (n.sample() instanceof ExactSample e) {
                        ArrayNode values = o.putArray("values");
                        for (double v : e.sortedView()) {
                            values.add(v);
                        }
                    } else {
                        SketchSample sk = (SketchSample) n.sample();
                        if (sk.sketch() != null) {
                            o.put("kll", Base64.getEncoder().encodeToString(sk.sketch().toByteArray()));
                        } else { // a window's sketch view: its items and cumulative weights
                            o.put("rank_error", sk.rankError());
                            ArrayNode items = o.putArray("items");
                            ArrayNode weights = o.putArray("cumulative_weights");
                            for (int i = 0; i < sk.items().length; i++) {
                                items.add(sk.items()[i]);
                                weights.add(sk.cumulative()[i]);
                            }
                        }
                    }
                }
                case FeatureProfile.Category c -> {
                    o.put("type", "category");
                    o.put("truncated", c.truncated());
                    ObjectNode counts = o.putObject("counts");
                    c.counts().entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .forEach(e -> counts.put(e.getKey(), e.getValue()));
                }
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a serialized profile.
     *
     * @throws InvalidInputException naming the offending field ({@code features[2].kll}) when the
     *                               document is not a profile this build understands
     */
    public static Profile read(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidInputException("profile", "profile: not JSON: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new InvalidInputException("profile", "profile: not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new InvalidInputException("format", "format: expected \"" + FORMAT + "\" (a file written by "
                    + "'shepherd profile build')");
        }
        if (root.path("version").asInt(-1) != Profile.FORMAT_VERSION) {
            throw new InvalidInputException("version", "version: this build reads profile version "
                    + Profile.FORMAT_VERSION + ", the file has " + root.path("version"));
        }
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        JsonNode list = root.path("features");
        if (!list.isArray()) {
            throw new InvalidInputException("features", "features: expected a list");
        }
        for (int i = 0; i < list.size(); i++) {
            FeatureProfile f = feature(list.get(i), "features[" + i + "]");
            features.put(f.name(), f);
        }
        Instant created;
        try {
            created = Instant.parse(root.path("created_at").asText());
        } catch (RuntimeException e) {
            throw new InvalidInputException("created_at", "created_at: expected an ISO-8601 instant");
        }
        return new Profile(root.path("source").asText(""), created, root.path("rows").asLong(), features);
    }

    private static FeatureProfile feature(JsonNode f, String path) {
        String name = f.path("name").asText(null);
        if (name == null || name.isBlank()) {
            throw new InvalidInputException(path + ".name", path + ".name: required");
        }
        long missing = f.path("missing").asLong(0);
        String type = f.path("type").asText("");
        try {
            if (type.equals("numeric")) {
                double min = f.path("min").asDouble(Double.NaN);
                double max = f.path("max").asDouble(Double.NaN);
                NumericSample sample;
                if (f.has("values")) {
                    JsonNode v = f.get("values");
                    double[] values = new double[v.size()];
                    for (int k = 0; k < values.length; k++) {
                        values[k] = v.get(k).asDouble();
                    }
                    sample = new ExactSample(values);
                } else if (f.has("kll")) {
                    KllDoublesSketch s = KllDoublesSketch.heapify(MemorySegment.ofArray(
                            Base64.getDecoder().decode(f.get("kll").asText())));
                    sample = new SketchSample(s, f.path("mean").asDouble(Double.NaN), f.path("std").asDouble(Double.NaN));
                } else if (f.has("items")) {
                    JsonNode it = f.get("items");
                    JsonNode w = f.get("cumulative_weights");
                    if (w == null || w.size() != it.size()) {
                        throw new InvalidInputException(path + ".cumulative_weights", path
                                + ".cumulative_weights: one per item required");
                    }
                    double[] items = new double[it.size()];
                    long[] cum = new long[it.size()];
                    for (int k = 0; k < items.length; k++) {
                        items[k] = it.get(k).asDouble();
                        cum[k] = w.get(k).asLong();
                    }
                    sample = SketchSample.ofView(items, cum, f.path("rank_error").asDouble(0),
                            f.path("mean").asDouble(Double.NaN), f.path("std").asDouble(Double.NaN));
                } else {
                    throw new InvalidInputException(path + ".values", path + ": a numeric feature needs values, kll or items");
                }
                return new FeatureProfile.Numeric(name, missing, sample, min, max);
            }
            if (type.equals("category")) {
                Map<String, Long> counts = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = f.path("counts").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    counts.put(e.getKey(), e.getValue().asLong());
                }
                return new FeatureProfile.Category(name, missing, counts, f.path("truncated").asBoolean(false));
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidInputException(path, path + ": damaged: " + e.getMessage());
        }
        throw new InvalidInputException(path + ".type", path + ".type: expected numeric or category, was '" + type + "'");
    }

    private static void putNumber(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }
}
