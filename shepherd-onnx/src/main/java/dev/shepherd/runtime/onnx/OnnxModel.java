package dev.shepherd.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.shepherd.error.ErrorCode;
import dev.shepherd.error.ModelFailureException;
import dev.shepherd.runtime.Model;
import dev.shepherd.runtime.ModelInfo;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.ModelSchema;
import dev.shepherd.schema.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX model version loaded in its own {@link OrtSession}. A batch goes through the graph in a
 * single {@code run} (row by row only when the graph cannot batch it, see
 * {@link InputPlan#batchable}).
 *
 * <p>Thread-safe: ONNX Runtime allows concurrent {@code run} calls on one session; a read-write
 * lock lets any number of predictions run together while {@link #close()} waits for those in
 * flight before releasing the native session, so a late caller gets {@code unavailable} rather
 * than a crash.
 */
final class OnnxModel implements Model {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    private final String key;
    private final ModelSchema schema;
    private final ModelInfo info;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final InputPlan inputs;
    private final OutputPlan output;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock

    OnnxModel(String key, ModelSchema schema, ModelInfo info, OrtEnvironment env, OrtSession session,
              InputPlan inputs, OutputPlan output) {
        this.key = key;
        this.schema = schema;
        this.info = info;
        this.env = env;
        this.session = session;
        this.inputs = inputs;
        this.output = output;
    }

    @Override
    public ModelSchema schema() {
        return schema;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public List<Prediction> predict(Batch batch) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new ModelFailureException(ErrorCode.UNAVAILABLE, "model " + key + " is closed");
            }
            if (batch.size() == 0) {
                return List.of();
            }
            inputs.check(batch);
            if (inputs.batchable(batch)) {
                return run(batch);
            }
            List<Prediction> out = new ArrayList<>(batch.size());
            for (Object[] row : batch.rows()) {
                out.addAll(run(new Batch(batch.schema(), List.<Object[]>of(row))));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<Prediction> run(Batch batch) {
        Map<String, OnnxTensor> feed = null;
        try {
            feed = inputs.tensors(env, batch);
            try (OrtSession.Result result = session.run(feed, Set.of(output.name()))) {
                OnnxValue value = result.get(output.name()).orElseThrow();
                return output.read(value, batch.size());
            }
        } catch (OrtException e) {
            throw new ModelFailureException(ErrorCode.MODEL_ERROR, "model " + key + " failed: " + e.getMessage(), e);
        } finally {
            if (feed != null) {
                feed.values().forEach(OnnxTensor::close);
            }
        }
    }

    /** Waits for predictions in flight, then releases the session. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing the ONNX session of {} failed", key, e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[" + key + "]";
    }
}
