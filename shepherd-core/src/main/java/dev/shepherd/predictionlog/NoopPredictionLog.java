package dev.shepherd.predictionlog;

/** Keeps nothing; every offer is accepted and forgotten. */
enum NoopPredictionLog implements PredictionLog {
    INSTANCE;

    @Override
    public boolean offer(PredictionEvent event) {
        return true;
    }

    @Override
    public boolean samplePayload() {
        return false;
    }

    @Override
    public Stats stats() {
        return new Stats(0, 0, 0, 0);
    }

    @Override
    public void close() {
    }
}
