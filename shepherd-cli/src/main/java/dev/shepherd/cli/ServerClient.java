package dev.shepherd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small client of the management API for CLI commands. Errors come back as
 * {@link RemoteException} with the server's error message (and every configuration error). With
 * a token, every request carries {@code Authorization: Bearer <token>}.
 */
final class ServerClient {
    /** The header naming who acts. */
    static final String ACTOR_HEADER = "X-Shepherd-Actor";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The environment variable holding the bearer token when {@code --token} is not given. */
    static final String TOKEN_ENV = "SHEPHERD_TOKEN";
    private final String base;
    private final String token;

    /** A client sending the token of {@value #TOKEN_ENV}, if set. */
    ServerClient(String base) {
        this(base, envToken());
    }

    /** A client sending {@code token} as a bearer token; {@code null} sends none. */
    ServerClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    /** The token in {@value #TOKEN_ENV}; {@code null} when unset or blank. */
    static String envToken() {
        String t = System.getenv(TOKEN_ENV);
        return t == null || t.isBlank() ? null : checkToken(t.strip());
    }

    /** {@code token} when it can travel in a header; refused (exit 2) otherwise, without echoing it. */
    static String checkToken(String token) {
        if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new dev.shepherd.error.InvalidInputException("--token", "--token / $" + TOKEN_ENV
                    + ": must be printable ASCII without spaces");
        }
        return token;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    JsonNode post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts a JSON {@code body} naming who acts in {@code X-Shepherd-Actor} (operator actions). */
    JsonNode post(String path, JsonNode body, String actor) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header(ACTOR_HEADER, actor).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** The path of a deployment's rollout resource plus {@code suffix} ({@code "/pause"}, {@code "s"}). */
    static String rolloutPath(String deployment, String suffix) {
        return "/api/v1/deployments/" + java.net.URLEncoder.encode(deployment, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20") + "/rollout" + suffix;
    }

    private JsonNode send(HttpRequest.Builder req) {
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(req.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
            if (r.statusCode() == 401) {
                throw new RemoteException(401, describe(401, body) + (token == null
                        ? " (give a token with --token or $" + TOKEN_ENV + ")" : ""));
            }
            if (r.statusCode() >= 400) {
                throw new RemoteException(r.statusCode(), describe(r.statusCode(), body));
            }
            return body;
        } catch (ConnectException e) {
            throw new RemoteException(0, "cannot reach the server at " + base + " (is 'shepherd serve' running?)");
        } catch (IOException e) {
            throw new RemoteException(0, "request to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException(0, "interrupted");
        }
    }

    private static String describe(int status, JsonNode body) {
        JsonNode err = body.path("error");
        StringBuilder sb = new StringBuilder().append(status).append(' ')
                .append(err.path("code").asText("error")).append(": ").append(err.path("message").asText(body.toString()));
        for (JsonNode e : body.path("errors")) {
            sb.append("\n  ").append(e.path("path").asText()).append(": ").append(e.path("message").asText());
        }
        return sb.toString();
    }
}
