package dev.shepherd.api;

import dev.shepherd.runtime.JavaModel;
import dev.shepherd.schema.Batch;
import dev.shepherd.schema.Prediction;
import java.util.ArrayList;
import java.util.List;

/** Models for the monitoring tests, loaded by the {@code java} runtime from the class path. */
final class MonitoredModels {
    private MonitoredModels() {
    }

    /**
     * Over {@link MonitoredServer#LOAN_SCHEMA}: no answer ({@link Prediction.NullPrediction}) for
     * applicants aged 70 or more; otherwise {@code default} with probability 0.9 when income is
     * missing or below 20,000, else {@code repaid} with probability 0.8.
     */
    public static final class NullForElders implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            List<Prediction> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                long age = (Long) batch.value(i, "age");
                Double income = (Double) batch.value(i, "income");
                if (age >= 70) {
                    out.add(new Prediction.NullPrediction("no answer for this age"));
                } else if (income == null || income < 20_000) {
                    out.add(new Prediction.ClassPrediction("default", new double[] {0.1, 0.9}));
                } else {
                    out.add(new Prediction.ClassPrediction("repaid", new double[] {0.8, 0.2}));
                }
            }
            return out;
        }
    }

    /** A score of 0.5 for every row of any schema. */
    public static final class ConstantScore implements JavaModel {
        @Override
        public List<Prediction> predict(Batch batch) {
            List<Prediction> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                out.add(new Prediction.ScorePrediction(0.5));
            }
            return out;
        }
    }
}
