package dev.shepherd.predictionlog;

import java.time.Instant;

/**
 * One logged request.
 *
 * @param requestId  the request id ({@code X-Request-Id})
 * @param time       when the request arrived
 * @param deployment the deployment called
 * @param model      the model name
 * @param version    the version that answered
 * @param latencyNanos end-to-end latency inside Shepherd, nanoseconds
 * @param outcome    {@code ok} or an error code's wire name
 * @param batchSize  number of instances
 * @param inputsJson the request's instances as JSON, or {@code null} when not sampled
 * @param outputsJson the predictions as JSON, or {@code null} when not sampled or failed
 * @param role       the part the version played: {@code primary} or {@code candidate} (a canary
 *                   or blue-green answer), {@code shadow} for a shadow's answer held in memory
 */
public record PredictionEvent(String requestId, Instant time, String deployment, String model,
                              String version, long latencyNanos, String outcome, int batchSize,
                              String inputsJson, String outputsJson, String role) {

    public PredictionEvent {
        role = role == null ? "primary" : role;
    }

    /** An event of the primary. */
    public PredictionEvent(String requestId, Instant time, String deployment, String model, String version,
                           long latencyNanos, String outcome, int batchSize, String inputsJson, String outputsJson) {
        this(requestId, time, deployment, model, version, latencyNanos, outcome, batchSize, inputsJson, outputsJson,
                "primary");
    }
}
