package dev.shepherd.automation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.review.ReviewItem;

/**
 * The client's view of a review item, its ticket: {@code {"ticket", "deployment", "request_id",
 * "instance", "state": "pending" | "decided" | "skipped", "label", "note", "decided_at"}}
 * ({@code label}, {@code note} and {@code decided_at} are {@code null} while pending). The same
 * JSON is posted to a callback URL. Who decided is not shown to clients. Stateless and thread-safe.
 */
public final class Tickets {
    private Tickets() {
    }

    /** The ticket's state for clients: open and claimed items are both {@code pending}. */
    public static String state(ReviewItem item) {
        return switch (item.state()) {
            case OPEN, CLAIMED -> "pending";
            case DECIDED -> "decided";
            case SKIPPED -> "skipped";
        };
    }

    public static ObjectNode json(ReviewItem item) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("ticket", item.id());
        o.put("deployment", item.deployment());
        o.put("request_id", item.task().requestId());
        o.put("instance", item.task().instance());
        o.put("state", state(item));
        o.put("label", item.decision());
        o.put("note", item.note());
        o.put("decided_at", item.decidedAt() == null ? null : item.decidedAt().toString());
        return o;
    }
}
