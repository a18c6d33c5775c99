package dev.shepherd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.automation.ReviewDesk;
import dev.shepherd.automation.ReviewStats;
import dev.shepherd.review.ReviewCase;
import dev.shepherd.review.ReviewItem;
import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.ModelSchema;
import java.time.Instant;
import java.util.Map;

/**
 * JSON of review items for reviewers: the item with its inputs (a JSON object in the schema's
 * feature order), the features' types and media (so images can be drawn), the classes to choose
 * from, and the model's suggestion and confidence only where reviewers are meant to see them
 * ({@code assist}, {@code low_confidence}; shadow and audit items are judged blind). Stateless.
 */
final class ReviewViews {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ReviewViews() {
    }

    static ObjectNode item(ReviewItem i, ReviewDesk desk) {
        ReviewCase c = i.task();
        ObjectNode o = F.objectNode();
        o.put("id", i.id());
        o.put("ticket", i.id());
        o.put("deployment", i.deployment());
        o.put("model_version", c.version());
        o.put("request_id", c.requestId());
        o.put("instance", c.instance());
        o.put("reason", c.reason());
        o.put("priority", c.priority());
        o.put("created_at", c.createdAt().toString());
        o.put("state", i.state().wireName());
        o.put("claimed_by", i.claimedBy());
        o.put("lease_until", i.leaseUntil() == null ? null : i.leaseUntil().toString());
        o.set("inputs", inputs(c.inputsJson()));
        ModelSchema schema = desk.schema(i).orElse(null);
        ArrayNode features = o.putArray("features");
        if (schema != null) {
            for (FeatureSpec f : schema.inputs()) {
                features.addObject().put("name", f.name()).put("type", f.type().wireName())
                        .put("media", f.media().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        ArrayNode labels = o.putArray("labels");
        desk.labels(i).forEach(labels::add);
        boolean show = c.showsSuggestion();
        o.put("suggestion", show ? c.suggestion() : null);
        if (show && Double.isFinite(c.confidence())) {
            o.put("confidence", c.confidence());
        } else {
            o.putNull("confidence");
        }
        o.put("decision", i.decision());
        o.put("note", i.note());
        o.put("decided_by", i.decidedBy());
        o.put("decided_at", i.decidedAt() == null ? null : i.decidedAt().toString());
        return o;
    }

    /** A line of the queue listing (no inputs). */
    static ObjectNode summary(ReviewItem i, Instant now) {
        ObjectNode o = F.objectNode();
        o.put("id", i.id());
        o.put("deployment", i.deployment());
        o.put("reason", i.task().reason());
        o.put("priority", i.priority());
        o.put("state", i.claimableAt(now) ? "open" : i.state().wireName());
        o.put("claimed_by", i.claimedAt(now) ? i.claimedBy() : null);
        o.put("created_at", i.createdAt().toString());
        o.put("age_seconds", Math.max(0, now.toEpochMilli() - i.createdAt().toEpochMilli()) / 1000.0);
        return o;
    }

    static ObjectNode backlog(ReviewStats.Backlog b) {
        return F.objectNode().put("open", b.open()).put("claimed", b.held()).put("oldest_age_seconds", b.oldestAgeSeconds());
    }

    static ObjectNode window(ReviewStats.Window w) {
        ObjectNode o = F.objectNode();
        o.put("window", dev.shepherd.config.Durations.format(w.window()));
        o.put("decided", w.decided());
        o.put("decisions_per_minute", w.decisionsPerMinute());
        Views.number(o, "agreement", w.agreement());
        Views.number(o, "automated_accuracy", w.automatedAccuracy());
        ObjectNode by = o.putObject("by_reason");
        for (Map.Entry<String, ReviewStats.ByReason> e : w.byReason().entrySet()) {
            ObjectNode r = by.putObject(e.getKey()).put("decided", e.getValue().decided())
                    .put("with_suggestion", e.getValue().withSuggestion());
            Views.number(r, "agreement", e.getValue().agreement());
        }
        return o;
    }

    private static JsonNode inputs(String json) {
        if (json == null) {
            return F.objectNode();
        }
        try {
            return Bodies.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return F.textNode(json);
        }
    }
}
