package dev.shepherd.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.oip.OipCodec;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A pooled connection the upstream dropped is retried once on a fresh connection, and only once. */
class StaleConnectionRetryTest {
    private static final Batch BATCH = FixtureSchemas.creditBatch(4, 7);
    private static final List<Prediction> EXPECTED = new CreditScorer().predict(BATCH);

    private static byte[] answer() throws Exception {
        return new ObjectMapper().writeValueAsBytes(
                OipCodec.encodeResponse(FixtureSchemas.credit(), "credit", "1", null, EXPECTED, null));
    }

    private static RemoteModel load(ConnectionDroppingUpstream upstream) {
        return (RemoteModel) new RemoteModelLoader().load(
                MiniModelServer.version(upstream.baseUrl(), FixtureSchemas.credit(), Map.of("fetchMetadata", "false")));
    }

    @Test
    void retriesOnAFreshConnectionWhenAReusedOneIsDropped() throws Exception {
        try (var upstream = new ConnectionDroppingUpstream(1, answer()); RemoteModel model = load(upstream)) {
            assertThat(model.checkReady().get(5, TimeUnit.SECONDS)).isTrue();

            for (int i = 0; i < 3; i++) {
                assertThat(model.predict(BATCH)).isEqualTo(EXPECTED);
            }

            assertThat(upstream.dropped.get()).as("requests dropped on a reused connection").isPositive();
            assertThat(upstream.connections.get()).isGreaterThan(upstream.dropped.get());
        }
    }

    @Test
    void givesUpAfterOneRetry() throws Exception {
        try (var upstream = new ConnectionDroppingUpstream(0, answer()); RemoteModel model = load(upstream)) {
            assertThatThrownBy(() -> model.predict(BATCH))
                    .isInstanceOfSatisfying(ModelFailureException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
                        assertThat(e.getMessage()).contains("/v2/models/credit/infer", "failed", "connection closed by the upstream");
                    });
            assertThat(upstream.posts.get()).as("the request and its one retry").isEqualTo(2);
        }
    }
}
