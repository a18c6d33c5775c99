package dev.shepherd.runtime.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.error.InvalidInputException;
import dev.shepherd.oip.OipCodec;
import dev.shepherd.registry.ModelVersion;
import dev.shepherd.registry.Provenance;
import dev.shepherd.runtime.JavaModel;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A miniature OIP v2 model server for tests: a real Javalin HTTP server on a free port serving one
 * {@link JavaModel} through {@link OipCodec}, with switches to misbehave and records of what it
 * received.
 */
final class MiniModelServer implements AutoCloseable {
    /** How {@code /infer} answers; {@code CHUNKED} is {@code NORMAL} streamed without a Content-Length. */
    enum Mode { NORMAL, CHUNKED, FAIL_500, GARBAGE, WRONG_ROWS, HANG }

    private static final ObjectMapper JSON = new ObjectMapper();

    final AtomicReference<Mode> mode = new AtomicReference<>(Mode.NORMAL);
    /** The metadata answered; {@code null} answers 404. */
    final AtomicReference<JsonNode> metadata = new AtomicReference<>();
    final AtomicReference<Map<String, String>> lastHeaders = new AtomicReference<>();
    final AtomicReference<JsonNode> lastRequest = new AtomicReference<>();
    final AtomicReference<String> lastPath = new AtomicReference<>();
    final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    final AtomicInteger inferCalls = new AtomicInteger();

    private final ModelSchema schema;
    private final JavaModel model;
    private final Javalin app;
    private volatile CountDownLatch release = new CountDownLatch(1);

    MiniModelServer(ModelSchema schema, JavaModel model) {
        this.schema = schema;
        this.model = model;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/v2/models/{model}/infer", this::infer);
            config.routes.post("/v2/models/{model}/versions/{version}/infer", this::infer);
            config.routes.get("/v2/models/{model}", this::metadata);
            config.routes.get("/v2/models/{model}/ready", ctx -> ctx.status(200).result("{}"));
        }).start(0);
        reset();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    /** A remote version of the served schema pointing at this server. */
    ModelVersion version(Map<String, String> options) {
        return version(baseUrl(), schema, options);
    }

    static ModelVersion version(String uri, ModelSchema schema, Map<String, String> options) {
        return new ModelVersion("credit", "v1", "remote", uri, null, schema, options, Instant.EPOCH, Provenance.of("test"));
    }

    /** Back to normal answers and the default metadata; releases hanging requests; clears the records. */
    void reset() {
        mode.set(Mode.NORMAL);
        metadata.set(OipCodec.modelMetadata("credit", List.of("1"), "java", schema));
        release.countDown();
        release = new CountDownLatch(1);
        lastHeaders.set(null);
        lastRequest.set(null);
        lastPath.set(null);
        clientPorts.clear();
        inferCalls.set(0);
    }

    private void infer(Context ctx) throws Exception {
        inferCalls.incrementAndGet();
        clientPorts.add(ctx.req().getRemotePort());
        lastHeaders.set(Map.copyOf(ctx.headerMap()));
        lastPath.set(ctx.path());
        JsonNode body = JSON.readTree(ctx.bodyAsBytes());
        lastRequest.set(body);
        switch (mode.get()) {
            case FAIL_500 -> ctx.status(500).result("{\"error\": \"CUDA out of memory\"}");
            case GARBAGE -> ctx.status(200).result("<html>definitely not JSON</html>");
            case HANG -> {
                release.await(30, TimeUnit.SECONDS);
                ctx.status(503);
            }
            case NORMAL, CHUNKED, WRONG_ROWS -> {
                try {
                    Batch batch = OipCodec.decodeRequest(schema, body, 1000);
                    List<Prediction> predictions = model.predict(batch);
                    if (mode.get() == Mode.WRONG_ROWS) {
                        predictions = predictions.subList(0, predictions.size() - 1);
                    }
                    JsonNode out = OipCodec.encodeResponse(schema, ctx.pathParam("model"), "1",
                            body.path("id").asText(null), predictions, body.get("outputs"));
                    byte[] bytes = JSON.writeValueAsBytes(out);
                    ctx.contentType("application/json");
                    if (mode.get() == Mode.CHUNKED) {
                        // flushing before the end commits the response without a Content-Length
                        var stream = ctx.res().getOutputStream();
                        stream.write(bytes, 0, bytes.length / 2);
                        stream.flush();
                        stream.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
                    } else {
                        ctx.result(bytes);
                    }
                } catch (InvalidInputException e) {
                    ctx.status(400).contentType("application/json")
                            .result(JSON.writeValueAsBytes(Map.of("error", e.getMessage())));
                }
            }
        }
    }

    private void metadata(Context ctx) throws Exception {
        JsonNode m = metadata.get();
        if (m == null) {
            ctx.status(404).result("{\"error\": \"no metadata\"}");
        } else {
            ctx.contentType("application/json").result(JSON.writeValueAsBytes(m));
        }
    }

    @Override
    public void close() {
        release.countDown();
        app.stop();
    }
}
