package dev.shepherd.runtime.remote;

import dev.shepherd.runtime.Model;
import dev.shepherd.runtime.ModelContract;
import dev.shepherd.runtime.fixtures.CreditScorer;
import dev.shepherd.runtime.fixtures.FixtureSchemas;
import dev.shepherd.schema.Batch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The runtime contract for the remote runtime, against a real OIP server wrapping {@link CreditScorer}. */
class RemoteModelContractTest extends ModelContract {
    private static MiniModelServer upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = new MiniModelServer(FixtureSchemas.credit(), new CreditScorer());
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @Override
    protected Model newModel() {
        return new RemoteModelLoader().load(upstream.version(Map.of()));
    }

    @Override
    protected List<Batch> sampleBatches() {
        return List.of(FixtureSchemas.creditBatch(16, 1), FixtureSchemas.creditBatch(3, 2), FixtureSchemas.creditBatch(1, 3));
    }
}
