package dev.shepherd.feedback;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * What {@link FeedbackService#submit} did with one body: recorded it, or recognised a label it
 * already had. The HTTP layer answers it as {@link #toJson()}.
 *
 * @param status     {@code RECORDED}, or {@code DUPLICATE} for a label the request already had
 * @param kind       a label or an event
 * @param requestId  the request, or {@code null} for an event sent for a deployment
 * @param deployment the deployment it is counted for
 * @param version    the version it is counted for (the one that answered the request, or for an
 *                   event without a request the one serving when it arrived)
 * @param joined     for a label: whether the request's predictions were logged, so accuracy or
 *                   error can be computed (a label of an unlogged answer is stored but not counted);
 *                   for an event: whether it is tied to a logged request
 */
public record FeedbackResult(Status status, Kind kind, String requestId, String deployment, String version,
                             boolean joined) {

    /** Whether the body changed anything. */
    public enum Status {
        RECORDED, DUPLICATE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the body was. */
    public enum Kind {
        LABEL, EVENT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code {"status": "recorded"|"duplicate", "kind": "label"|"event", "request_id", "deployment",
     * "version", "joined"}}; {@code request_id} and {@code version} are JSON {@code null} when unknown.
     */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("status", status.wireName());
        o.put("kind", kind.wireName());
        o.put("request_id", requestId);
        o.put("deployment", deployment);
        o.put("version", version);
        o.put("joined", joined);
        return o;
    }
}
