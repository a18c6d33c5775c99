package dev.shepherd.api;

import dev.shepherd.access.AccessPolicy;
import dev.shepherd.access.AccessRole;
import dev.shepherd.access.Principal;
import dev.shepherd.error.ForbiddenException;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.error.UnauthenticatedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides, before any route runs, whether a request may proceed under the server's
 * {@link AccessPolicy}. With {@link AccessPolicy#open()} it lets everything through; otherwise a
 * request needs {@code Authorization: Bearer <token>} (401 {@code unauthenticated} with
 * {@code WWW-Authenticate: Bearer} when it is missing or unknown) whose role the rule allows (403
 * {@code forbidden} naming the role needed). Both name the field {@code Authorization}. The
 * first matching rule wins:
 *
 * <table>
 *   <caption>Access rules</caption>
 *   <tr><th>method</th><th>path</th><th>who</th></tr>
 *   <tr><td>GET, HEAD</td><td>{@code /health}, {@code /v2/health/*}, {@code /metrics}, {@code /v2},
 *       {@code /}, {@code /review}, {@code /review/*} (the reviewer page's files), {@code /ui/*}</td>
 *       <td>anyone, no token</td></tr>
 *   <tr><td>any</td><td>{@code /api/v1/review}, {@code /api/v1/review/**}</td><td>reviewer, operator</td></tr>
 *   <tr><td>GET, HEAD</td><td>{@code /api/v1/tickets/*}</td><td>any token</td></tr>
 *   <tr><td>POST</td><td>{@code /api/v1/deployments/{name}/predict}, {@code /v2/models/{name}/infer},
 *       {@code /v2/models/{name}/versions/{v}/infer}, {@code /api/v1/feedback}</td>
 *       <td>inference, operator</td></tr>
 *   <tr><td>GET, HEAD</td><td>anything else</td><td>any token</td></tr>
 *   <tr><td>other</td><td>anything else</td><td>operator</td></tr>
 * </table>
 *
 * <p>So among today's routes: the OIP health endpoints, {@code GET /v2} and {@code /metrics} are
 * public; {@code GET /v2/models/{name}[/versions/{v}][/ready]}, {@code GET /api/v1/deployments[/…]}
 * (deployments, metrics, drift, rollouts), {@code GET /api/v1/models[/…]} (versions, references),
 * {@code GET /api/v1/alerts[/history|/rules]} and {@code GET /api/v1/stats} take any token;
 * inference and feedback take an inference or operator token; everything that changes state
 * ({@code PUT/DELETE /api/v1/deployments/{name}}, {@code POST /api/v1/apply},
 * {@code POST /api/v1/models}, {@code POST …/rollout/{action}}, {@code POST …/reference},
 * {@code PUT …/versions/{v}/reference}, {@code POST /api/v1/alerts/{rule}/silence|ack}) takes an
 * operator token. A path with an empty, {@code .} or {@code ..} segment, a {@code ;} or an encoded
 * slash, backslash, dot or percent matches no rule but the last: it needs an operator token, so no
 * spelling of a path can reach a route under a more permissive rule than its own.
 *
 * <p>The authenticated principal's name is kept on the request as {@value #PRINCIPAL_ATTRIBUTE};
 * routes name who acted with {@link #actor}. Stateless apart from the immutable policy;
 * thread-safe.
 */
final class AccessFilter implements Handler {
    /** The request attribute holding the authenticated principal's name. */
    static final String PRINCIPAL_ATTRIBUTE = "shepherd.principal";
    /** The header naming who acts when no token does. */
    static final String ACTOR_HEADER = "X-Shepherd-Actor";
    /** The request header carrying the bearer token, and the field errors name. */
    static final String AUTHORIZATION = "Authorization";

    private static final Pattern INFERENCE_PATH = Pattern.compile(
            "/api/v1/deployments/[^/]+/predict|/v2/models/[^/]+(/versions/[^/]+)?/infer|/api/v1/feedback");
    /** Spellings that could name one route as another after decoding or normalisation. */
    private static final Pattern AMBIGUOUS = Pattern.compile("//|/\\.{1,2}(/|$)|[;\\\\]|%(2[eEfF]|5[cC]|25)");

    /** Who a rule lets through. */
    enum Need {
        PUBLIC(EnumSet.allOf(AccessRole.class)),
        ANY_TOKEN(EnumSet.allOf(AccessRole.class)),
        REVIEWER(EnumSet.of(AccessRole.REVIEWER, AccessRole.OPERATOR)),
        INFERENCE(EnumSet.of(AccessRole.INFERENCE, AccessRole.OPERATOR)),
        OPERATOR(EnumSet.of(AccessRole.OPERATOR));

        private final Set<AccessRole> roles;

        Need(Set<AccessRole> roles) {
            this.roles = roles;
        }

        boolean allows(AccessRole role) {
            return roles.contains(role);
        }

        String describe() {
            return switch (this) {
                case REVIEWER -> "the reviewer or operator role";
                case INFERENCE -> "the inference or operator role";
                case OPERATOR -> "the operator role";
                case PUBLIC, ANY_TOKEN -> "any role";
            };
        }
    }

    private final AccessPolicy policy;

    AccessFilter(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void handle(Context ctx) {
        if (!policy.enabled()) {
            return;
        }
        String method = ctx.method().name();
        Need need = need(method, ctx.path());
        if (need == Need.PUBLIC) {
            return;
        }
        Principal p = policy.authenticate(bearer(ctx.header(AUTHORIZATION))).orElseThrow(() ->
                new UnauthenticatedException(AUTHORIZATION, AUTHORIZATION + ": unknown token"));
        ctx.attribute(PRINCIPAL_ATTRIBUTE, p.name());
        if (!need.allows(p.role())) {
            throw new ForbiddenException(AUTHORIZATION, AUTHORIZATION + ": " + p.name() + " has the "
                    + p.role().wireName() + " role; " + method + " " + ctx.path() + " needs " + need.describe());
        }
    }

    /** The rule for a request; pure, so the table can be tested without a server. */
    static Need need(String method, String path) {
        if (path.isEmpty() || path.charAt(0) != '/' || AMBIGUOUS.matcher(path).find()) {
            return Need.OPERATOR;
        }
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (read && (p.equals("/") || p.equals("/health") || p.equals("/metrics") || p.equals("/v2")
                || p.startsWith("/v2/health/") || p.equals("/review") || p.startsWith("/review/")
                || p.startsWith("/ui/"))) {
            return Need.PUBLIC;
        }
        if (p.equals("/api/v1/review") || p.startsWith("/api/v1/review/")) {
            return Need.REVIEWER;
        }
        if (method.equals("POST") && INFERENCE_PATH.matcher(p).matches()) {
            return Need.INFERENCE;
        }
        return read ? Need.ANY_TOKEN : Need.OPERATOR;
    }

    /** The token of an {@code Authorization: Bearer <token>} header; 401 when missing or another scheme. */
    private static String bearer(String header) {
        if (header == null || header.isBlank()) {
            throw new UnauthenticatedException(AUTHORIZATION, AUTHORIZATION + ": this endpoint needs a token; send "
                    + "'Authorization: Bearer <token>'");
        }
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")
                || h.substring(space).isBlank()) {
            throw new UnauthenticatedException(AUTHORIZATION, AUTHORIZATION + ": expected 'Bearer <token>'");
        }
        return h.substring(space).strip();
    }

    /**
     * Who made this request, to record as the actor of a decision or change: the authenticated
     * principal's name; when no token was checked (no access control), the {@value #ACTOR_HEADER}
     * header (1..64 letters, digits or {@code ._@-}, else 400 naming the header); else
     * {@code fallback}. A token's name always wins over the header, so a caller with a token cannot
     * act under another name.
     */
    static String actor(Context ctx, String fallback) {
        String principal = ctx.attribute(PRINCIPAL_ATTRIBUTE);
        if (principal != null) {
            return principal;
        }
        String a = ctx.header(ACTOR_HEADER);
        if (a == null || a.isBlank()) {
            return fallback;
        }
        if (!Principal.NAME.matcher(a).matches()) {
            throw new InvalidInputException(ACTOR_HEADER, ACTOR_HEADER + ": must be 1..64 characters of letters, "
                    + "digits and ._@-");
        }
        return a;
    }
}
