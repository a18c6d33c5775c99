package dev.shepherd.api;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id of every HTTP exchange: the caller's {@code X-Request-Id} when it is sane
 * (1 to 128 characters of {@code [A-Za-z0-9._:-]}), otherwise a new random UUID. It is echoed in
 * the {@code X-Request-Id} response header, written into every error body and handed to the
 * gateway so the prediction log can be joined with the caller's own logs. Stateless and
 * thread-safe.
 */
final class RequestIds {
    /** The request and response header that carries the id. */
    static final String HEADER = "X-Request-Id";

    private static final String ATTRIBUTE = "shepherd.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** Picks the id for this exchange (once), remembers it on the context and sets the response header. */
    static String assign(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            id = sanitize(ctx.header(HEADER));
            ctx.attribute(ATTRIBUTE, id);
        }
        ctx.header(HEADER, id);
        return id;
    }

    /** The id of this exchange; assigns one if the before-handler did not run. */
    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id != null ? id : assign(ctx);
    }

    /** {@code candidate} when sane, else a new UUID. */
    static String sanitize(String candidate) {
        return candidate != null && SANE.matcher(candidate).matches() ? candidate : UUID.randomUUID().toString();
    }
}
