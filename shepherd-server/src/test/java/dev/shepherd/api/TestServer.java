package dev.shepherd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.config.ConfigParser;
import dev.shepherd.predictionlog.BatchingPredictionLog;
import dev.shepherd.predictionlog.PredictionLog;
import dev.shepherd.runtime.JavaModelLoader;
import dev.shepherd.runtime.Runtimes;
import dev.shepherd.serving.Gateway;
import dev.shepherd.serving.ServingLimits;
import dev.shepherd.store.InMemoryStore;
import dev.shepherd.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real server on an ephemeral port over an in-memory store and the {@code java} runtime, with
 * the {@code credit} deployment serving the {@code CreditScorer} fixture (and {@code broken},
 * whose model always throws), plus a small HTTP client.
 */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ServingLimits LIMITS = new ServingLimits(100, Duration.ofSeconds(10), 4L << 20);

    static final String CREDIT_SCHEMA = """
              schema:
                inputs:
                  - {name: income, type: number}
                  - {name: age, type: integer}
                  - {name: debt_ratio, type: number, required: false}
                  - {name: employment, type: category, values: [salaried, self_employed, unemployed, retired]}
                  - {name: has_collateral, type: boolean}
                output: {type: class, labels: [repaid, default]}
            """;

    final Store store;
    final Gateway gateway;
    final ConfigParser parser = new ConfigParser(Clock.systemUTC());
    final PredictionLog log;
    final ShepherdServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(Path dataDir, ServingLimits limits) {
        this(new InMemoryStore(dataDir), limits, ShepherdServer.DEFAULT_MAX_UPLOAD_BYTES);
    }

    TestServer(Store store, ServingLimits limits, long maxUploadBytes) {
        this(store, limits, maxUploadBytes, (t, b) -> b);
    }

    /**
     * A server whose builder {@code parts} may add to (the gateway, store and log exist when it
     * is called: for feedback, automation, access and so on).
     */
    TestServer(Path dataDir, java.util.function.BiFunction<TestServer, ShepherdServer.Builder, ShepherdServer.Builder> parts) {
        this(new InMemoryStore(dataDir), LIMITS, ShepherdServer.DEFAULT_MAX_UPLOAD_BYTES, parts);
    }

    private TestServer(Store store, ServingLimits limits, long maxUploadBytes,
                       java.util.function.BiFunction<TestServer, ShepherdServer.Builder, ShepherdServer.Builder> parts) {
        this.store = store;
        Path dataDir = store.dataDir();
        log = new BatchingPredictionLog(store.predictionSink());
        gateway = new Gateway(store, Runtimes.of(List.of(new JavaModelLoader())), log, Clock.systemUTC(), limits);
        gateway.start();
        String config = javaModel("credit", "v1", "dev.shepherd.runtime.fixtures.CreditScorer")
                + deployment("credit", "credit", "v1")
                + javaModel("broken", "v1", TestModels.Failing.class.getName())
                + deployment("broken", "broken", "v1")
                + javaModel("slow", "v1", TestModels.Slow.class.getName())
                + deployment("slow", "slow", "v1");
        // ConfigParser.parse takes a trailing "---" for one more (non-mapping) document
        gateway.apply(parser.parse(config.substring(0, config.lastIndexOf("---")), dataDir, "test"));
        server = parts.apply(this, ShepherdServer.builder(gateway, parser, limits).predictionLog(log)
                .maxUploadBytes(maxUploadBytes)).build().start(0);
    }

    TestServer(Path dataDir) {
        this(dataDir, LIMITS);
    }

    static String javaModel(String name, String version, String className) {
        return javaModel(name, version, className, CREDIT_SCHEMA);
    }

    /** A java-runtime Model document over {@code schema} (indented YAML lines), ending in {@code ---}. */
    static String javaModel(String name, String version, String className, String schema) {
        return """
                apiVersion: shepherd/v1
                kind: Model
                metadata: {name: %s, version: %s}
                spec:
                  runtime: java
                  uri: "classpath:"
                  options: {className: %s}
                %s---
                """.formatted(name, version, className, schema);
    }

    static String deployment(String name, String model, String version) {
        return """
                apiVersion: shepherd/v1
                kind: Deployment
                metadata: {name: %s}
                spec: {model: %s, serving: %s}
                ---
                """.formatted(name, model, version);
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Reply post(String path, String contentType, String body) {
        return send(body(HttpRequest.newBuilder(uri(path)), contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    Reply put(String path, String contentType, String body) {
        return send(body(HttpRequest.newBuilder(uri(path)), contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpRequest.Builder body(HttpRequest.Builder b, String contentType) {
        return contentType == null ? b : b.header("Content-Type", contentType);
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A good plain-JSON prediction on {@code credit}; proves the server still serves. */
    void assertServes() {
        Reply r = postJson("/api/v1/deployments/credit/predict", Requests.ONE_RECORD);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/predictions/0/label").asText()).isIn("repaid", "default");
    }

    @Override
    public void close() {
        server.stop();
        gateway.close();
        log.close();
        store.close();
    }

    /** One HTTP answer. */
    record Reply(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /**
         * Asserts the one error shape: status, code, field, and the request id of the header.
         * Returns the {@code error} object, or the whole body for {@code invalid_config}.
         */
        JsonNode assertError(int expectedStatus, String code, String field) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(header("Content-Type")).startsWith("application/json");
            JsonNode error = json().get("error");
            assertThat(error).as(body).isNotNull();
            assertThat(error.get("code").asText()).as(body).isEqualTo(code);
            assertThat(error.get("message").asText()).isNotBlank().doesNotContain("\tat ");
            if (field == null) {
                assertThat(error.get("field").isNull()).as(body).isTrue();
            } else {
                assertThat(error.get("field").asText()).as(body).isEqualTo(field);
            }
            assertThat(error.get("request_id").asText()).isEqualTo(header("X-Request-Id")).isNotBlank();
            if (code.equals("invalid_config")) {
                assertThat(json().get("errors")).as(body).isNotEmpty();
                assertThat(json().get("errors").get(0).get("path").asText()).isEqualTo(field);
                return json();
            }
            assertThat(json().has("errors")).as(body).isFalse();
            return error;
        }
    }
}
