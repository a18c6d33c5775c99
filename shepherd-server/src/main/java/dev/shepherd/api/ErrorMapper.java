package dev.shepherd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.error.ConfigError;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.ShepherdException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses. Every error, whatever raised it (a
 * {@link ShepherdException} from the core, a routing miss inside Javalin, a bug), is answered with
 * the same body:
 *
 * <pre>{@code
 * {"error": {"code": "invalid_input", "message": "...", "field": "instances[0].income", "request_id": "..."},
 *  "errors": [{"path": "...", "message": "..."}]}
 * }</pre>
 *
 * {@code field} is {@code null} when the error is not about one input; the top-level
 * {@code errors} is present only for {@code invalid_config} and lists every problem found (the
 * first one is also the {@code field}). Status by code: invalid input,
 * config and malformed bodies 400, unauthenticated 401 (with {@code WWW-Authenticate: Bearer}),
 * forbidden 403, not found 404, conflict 409, payload too large 413,
 * unsupported media type 415, capacity 429 (with {@code Retry-After: 1}), unavailable 503, model
 * error 500, upstream error 502, upstream timeout and timeout 504, internal 500. Routing misses are
 * 404 {@code not_found} and 405 {@code method_not_allowed} (with {@code Allow}).
 *
 * <p>Server-side failures (5xx) are logged with the request id; unexpected exceptions with their
 * stack trace, which never reaches the response body. Stateless and thread-safe.
 */
final class ErrorMapper {
    /** Wire code of a request whose method the route does not accept (not a core {@link ErrorCode}). */
    static final String METHOD_NOT_ALLOWED = ErrorCode.METHOD_NOT_ALLOWED.wireName();

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ErrorMapper() {
    }

    /** The HTTP status of a core error code. */
    static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_INPUT, INVALID_CONFIG, MALFORMED_BODY -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case CAPACITY -> 429;
            case UNAVAILABLE -> 503;
            case MODEL_ERROR, INTERNAL -> 500;
            case UPSTREAM_ERROR -> 502;
            case UPSTREAM_TIMEOUT, TIMEOUT -> 504;
        };
    }

    /** Answers a deliberate Shepherd error. */
    static void shepherd(ShepherdException e, Context ctx) {
        String requestId = RequestIds.of(ctx);
        int status = status(e.code());
        if (status >= 500) {
            LOG.warn("request {} {} {} failed: {} {}", requestId, ctx.method(), ctx.path(), e.code().wireName(),
                    e.getMessage(), e.getCause());
        }
        if (e.code() == ErrorCode.CAPACITY) {
            ctx.header("Retry-After", "1");
        }
        if (e.code() == ErrorCode.UNAUTHENTICATED) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"shepherd\"");
        }
        List<ConfigError> errors = e instanceof InvalidConfigException ice ? ice.errors() : null;
        write(ctx, status, e.code().wireName(), e.getMessage(), e.field(), errors);
    }

    /** Answers Javalin's own responses (no route, wrong method, body over its limit) in our shape. */
    static void http(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String code;
        String message;
        switch (status) {
            case 404 -> {
                code = ErrorCode.NOT_FOUND.wireName();
                message = "no endpoint " + ctx.method() + " " + ctx.path();
            }
            case 405 -> {
                code = METHOD_NOT_ALLOWED;
                String allowed = e.getDetails().getOrDefault("availableMethods", e.getDetails().get("Available methods"));
                if (allowed != null) {
                    ctx.header("Allow", allowed.replace("[", "").replace("]", ""));
                }
                message = "method " + ctx.method() + " is not allowed on " + ctx.path()
                        + (allowed == null ? "" : "; allowed: " + allowed);
            }
            case 413 -> {
                code = ErrorCode.PAYLOAD_TOO_LARGE.wireName();
                message = "request body is too large";
            }
            case 415 -> {
                code = ErrorCode.UNSUPPORTED_MEDIA_TYPE.wireName();
                message = e.getMessage();
            }
            case 408 -> {
                code = ErrorCode.TIMEOUT.wireName();
                message = "the request was not received in time";
            }
            default -> {
                code = status >= 500 ? ErrorCode.INTERNAL.wireName() : ErrorCode.INVALID_INPUT.wireName();
                message = e.getMessage();
            }
        }
        write(ctx, status, code, message, null, null);
    }

    /** Answers anything else as a 500 {@code internal}, logging the stack trace with the request id. */
    static void unexpected(Exception e, Context ctx) {
        if (e instanceof ShepherdException se) {
            shepherd(se, ctx);
            return;
        }
        if (e instanceof HttpResponseException he) {
            http(he, ctx);
            return;
        }
        String requestId = RequestIds.of(ctx);
        LOG.error("request {} {} {} failed unexpectedly", requestId, ctx.method(), ctx.path(), e);
        write(ctx, 500, ErrorCode.INTERNAL.wireName(),
                "internal error; the server log has the details under request id " + requestId, null, null);
    }

    /** Answers a {@link java.lang.Error} (out of memory, stack overflow) with what little can be trusted. */
    static void fatal(HttpServletResponse res, Error error) {
        String requestId = res.getHeader(RequestIds.HEADER);
        if (requestId == null) {
            requestId = UUID.randomUUID().toString();
        }
        LOG.error("request {} failed with {}", requestId, error.toString(), error);
        if (res.isCommitted()) {
            return;
        }
        try {
            res.resetBuffer();
            res.setStatus(500);
            res.setHeader(RequestIds.HEADER, requestId);
            res.setContentType("application/json");
            res.getOutputStream().write(body(ErrorCode.INTERNAL.wireName(),
                    "internal error; the server log has the details under request id " + requestId, null,
                    requestId, null));
        } catch (IOException | RuntimeException ignored) {
            // nothing more can be done for this response
        }
    }

    private static void write(Context ctx, int status, String code, String message, String field,
                              List<ConfigError> errors) {
        String requestId = RequestIds.of(ctx);
        if (status == 413) {
            // The rest of the body is not read: the connection cannot carry another request.
            ctx.header("Connection", "close");
        }
        ctx.status(status).contentType("application/json")
                .result(body(code, message, field, requestId, errors));
    }

    /** The error body as UTF-8 JSON bytes; also used for errors raised inside Jetty. */
    static byte[] body(String code, String message, String field, String requestId, List<ConfigError> errors) {
        ObjectNode root = F.objectNode();
        ObjectNode err = root.putObject("error");
        err.put("code", code);
        err.put("message", message == null ? code.replace('_', ' ').toLowerCase(Locale.ROOT) : message);
        err.put("field", field);
        err.put("request_id", requestId);
        if (errors != null) {
            ArrayNode list = root.putArray("errors");
            for (ConfigError ce : errors) {
                list.addObject().put("path", ce.path()).put("message", ce.message());
            }
        }
        try {
            return Bodies.JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            return ("{\"error\":{\"code\":\"internal\",\"request_id\":\"" + requestId + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
