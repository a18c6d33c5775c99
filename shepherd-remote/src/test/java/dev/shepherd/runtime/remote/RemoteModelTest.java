package dev.shepherd.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.error.ConfigError;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.InvalidConfigException;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.runtime.Model;
import dev.shepherd.runtime.ModelInfo;
import dev.shepherd.runtime.ReadinessProbe;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemoteModelTest {
    private static final Batch BATCH = FixtureSchemas.creditBatch(5, 11);
    private static MiniModelServer upstream;
    private final List<Model> loaded = new ArrayList<>();

    @BeforeAll
    static void startUpstream() {
        upstream = new MiniModelServer(FixtureSchemas.credit(), new CreditScorer());
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
    }

    @AfterEach
    void closeModels() {
        loaded.forEach(Model::close);
        upstream.reset();
    }

    private RemoteModel load(Map<String, String> options) {
        return load(upstream.version(options));
    }

    private RemoteModel load(dev.shepherd.registry.ModelVersion version) {
        RemoteModel m = (RemoteModel) new RemoteModelLoader().load(version);
        loaded.add(m);
        return m;
    }

    @Test
    void predictsThroughTheUpstream() {
        List<Prediction> got = load(Map.of()).predict(BATCH);

        assertThat(got).isEqualTo(new CreditScorer().predict(BATCH));
        assertThat(upstream.lastPath.get()).isEqualTo("/v2/models/credit/infer");
        assertThat(upstream.lastHeaders.get()).containsEntry("Content-Type", "application/json")
                .as("no compression asked for").doesNotContainKey("Accept-Encoding");
    }

    @Test
    void readsAChunkedAnswerWhole() {
        upstream.mode.set(MiniModelServer.Mode.CHUNKED);

        assertThat(load(Map.of()).predict(BATCH)).isEqualTo(new CreditScorer().predict(BATCH));
    }

    @Test
    void anAnswerLargerThanMaxResponseBytesIsAnUpstreamError() {
        for (MiniModelServer.Mode mode : List.of(MiniModelServer.Mode.NORMAL, MiniModelServer.Mode.CHUNKED)) {
            upstream.mode.set(mode);
            RemoteModel model = load(Map.of("maxResponseBytes", "100", "fetchMetadata", "false"));

            assertThatThrownBy(() -> model.predict(BATCH))
                    .as("answer with %s", mode == MiniModelServer.Mode.NORMAL ? "a Content-Length" : "chunks")
                    .isInstanceOfSatisfying(ModelFailureException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                        assertThat(e.getMessage()).contains("exceeds 100 bytes", "maxResponseBytes");
                    });
        }
        assertThat(upstream.inferCalls.get()).as("a bounded answer is not retried").isEqualTo(2);
    }

    @Test
    void upstreamModelAndVersionOptionsChooseTheUrl() {
        load(Map.of("upstreamModel", "scorer", "upstreamVersion", "7")).predict(BATCH);

        assertThat(upstream.lastPath.get()).isEqualTo("/v2/models/scorer/versions/7/infer");
    }

    @Test
    void customHeadersReachTheUpstream() {
        load(Map.of("headers.X-Api-Key", "s3cret", "headers.Authorization", "Bearer abc")).predict(BATCH);

        assertThat(upstream.lastHeaders.get()).containsEntry("X-Api-Key", "s3cret").containsEntry("Authorization", "Bearer abc");
    }

    @Test
    void upstream5xxIsAnUpstreamErrorWithStatusAndBodyExcerpt() {
        upstream.mode.set(MiniModelServer.Mode.FAIL_500);

        assertThatThrownBy(() -> load(Map.of()).predict(BATCH))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                    assertThat(e.getMessage()).contains("500", "CUDA out of memory");
                });
    }

    @Test
    void upstream4xxIsAnUpstreamErrorCarryingTheUpstreamsMessage() {
        Batch missingAge = new Batch(BATCH.schema(), BATCH.rows().stream().map(r -> {
            Object[] c = r.clone();
            c[1] = null;
            return c;
        }).toList());

        assertThatThrownBy(() -> load(Map.of()).predict(missingAge))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                    assertThat(e.getMessage()).contains("400", "missing required input 'age'");
                });
    }

    @Test
    void aSlowUpstreamIsAnUpstreamTimeout() {
        upstream.mode.set(MiniModelServer.Mode.HANG);
        RemoteModel model = load(Map.of("readTimeoutMs", "200", "connectTimeoutMs", "200"));

        assertThatThrownBy(() -> model.predict(BATCH))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
                    assertThat(e.getMessage()).contains("200 ms");
                });
    }

    @Test
    void aGarbageBodyIsAnUpstreamError() {
        upstream.mode.set(MiniModelServer.Mode.GARBAGE);

        assertThatThrownBy(() -> load(Map.of()).predict(BATCH))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                    assertThat(e.getMessage()).contains("unreadable body", "definitely not JSON");
                });
    }

    @Test
    void aWrongRowCountIsAnUpstreamError() {
        upstream.mode.set(MiniModelServer.Mode.WRONG_ROWS);

        assertThatThrownBy(() -> load(Map.of()).predict(BATCH))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                    assertThat(e.getMessage()).contains("wrong row count", "4 rows", "batch of 5");
                });
    }

    @Test
    void aDownUpstreamLoadsNotReadyAndFailsPredictionsWithUpstreamError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RemoteModel model = load(MiniModelServer.version("http://127.0.0.1:" + port, FixtureSchemas.credit(), Map.of()));

        assertThat(model.checkReady().get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(((ReadinessProbe) model).ready()).isFalse();
        assertThat(model.info().platform()).isEqualTo("remote");
        assertThat(model.info().inputs()).extracting(ModelInfo.TensorInfo::name).contains("income", "age");
        assertThatThrownBy(() -> model.predict(BATCH))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                    assertThat(e.getMessage()).contains("cannot connect", String.valueOf(port));
                });
    }

    @Test
    void readinessFollowsTheUpstream() throws Exception {
        RemoteModel model = load(Map.of());

        assertThat(model.checkReady().get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(model.ready()).isTrue();
        model.close();
        assertThat(model.ready()).isFalse();
    }

    @Test
    void followsTheDatatypesAndShapesTheUpstreamDeclares() {
        Map<String, Object> meta = Map.of("name", "credit", "versions", List.of("1"), "platform", "onnxruntime",
                "inputs", List.of(
                        Map.of("name", "income", "datatype", "FP32", "shape", List.of(-1, 1)),
                        Map.of("name", "age", "datatype", "INT32", "shape", List.of(-1)),
                        Map.of("name", "debt_ratio", "datatype", "FP32", "shape", List.of(-1)),
                        Map.of("name", "employment", "datatype", "BYTES", "shape", List.of(-1)),
                        Map.of("name", "has_collateral", "datatype", "BOOL", "shape", List.of(-1))),
                "outputs", List.of(Map.of("name", "probabilities", "datatype", "FP32", "shape", List.of(-1, 2))));
        upstream.metadata.set(new ObjectMapper().valueToTree(meta));
        RemoteModel model = load(Map.of());

        List<Prediction> got = model.predict(BATCH);

        JsonNode income = upstream.lastRequest.get().at("/inputs/0");
        assertThat(income.get("datatype").asText()).isEqualTo("FP32");
        assertThat(income.get("shape").toString()).isEqualTo("[5,1]");
        assertThat(upstream.lastRequest.get().at("/inputs/1/datatype").asText()).isEqualTo("INT32");
        assertThat(model.info().outputs()).extracting(ModelInfo.TensorInfo::datatype).containsExactly("FP32");
        assertThat(got).hasSize(5).allSatisfy(p -> assertThat(p).isInstanceOf(Prediction.ClassPrediction.class));
    }

    @Test
    void anUpstreamWithoutMetadataGetsShepherdsOwnLayout() {
        upstream.metadata.set(null);
        RemoteModel model = load(Map.of());

        assertThat(model.predict(BATCH)).isEqualTo(new CreditScorer().predict(BATCH));
        assertThat(upstream.lastRequest.get().at("/inputs/0/datatype").asText()).isEqualTo("FP64");
    }

    @Test
    void concurrentRequestsReuseKeepAliveConnections() throws Exception {
        RemoteModel model = load(Map.of());
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        assertThat(model.predict(BATCH)).hasSize(BATCH.size());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(upstream.inferCalls.get()).isEqualTo(threads * perThread);
        assertThat(upstream.clientPorts).as("distinct client connections").hasSizeLessThanOrEqualTo(2 * threads);
    }

    @Test
    void invalidOptionsAreReportedTogether() {
        Map<String, String> options = Map.of("readTimeoutMs", "soon", "connectTimeoutMs", "0",
                "headers.Host", "evil", "fetchMetadata", "maybe");

        assertThatThrownBy(() -> new RemoteModelLoader().load(MiniModelServer.version("ftp://x", FixtureSchemas.credit(), options)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::path)
                        .containsExactlyInAnyOrder("spec.uri", "spec.options.readTimeoutMs", "spec.options.connectTimeoutMs",
                                "spec.options.headers.Host", "spec.options.fetchMetadata"));
    }

    @Test
    void theLoaderIsTheRemoteRuntime() {
        assertThat(new RemoteModelLoader().runtime()).isEqualTo("remote");
    }
}
