package dev.shepherd.training;

import dev.shepherd.registry.Artifacts;
import dev.shepherd.schema.DenseEncoding;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The built-in trainer: multinomial logistic regression (Tribuo {@link LinearSGDTrainer} with the
 * log loss and AdaGrad) over a schema's {@link DenseEncoding}, exported to ONNX. Columns are
 * standardized (z-score from the training rows) inside the exported graph, so raw scales such as
 * an income of 50,000 next to a 0/1 one-hot column train well and the served model still takes the
 * raw dense vector. Immutable and thread-safe; training is single-threaded and deterministic for a
 * given seed.
 *
 * <p>Implementation notes: Tribuo orders features by name and drops features it never saw, so
 * column {@code i} is named {@code f} + {@code i} zero-padded to a common width (sorted order =
 * column order) and every example carries every column, zeros included; training checks the
 * resulting feature map. A shuffled {@code holdoutFraction} of the rows is kept out of training to
 * measure accuracy against the majority-label baseline.
 *
 * @param epochs          passes over the training rows (default 10)
 * @param learningRate    AdaGrad initial learning rate (default 0.5)
 * @param minibatchSize   examples per gradient step (default 1)
 * @param seed            seed for the shuffles of the split and of SGD (default 42)
 * @param holdoutFraction fraction of rows held out for evaluation, in [0, 0.9] (default 0.2)
 */
public record TabularTrainer(int epochs, double learningRate, int minibatchSize, long seed, double holdoutFraction) {
    private static final Logger LOG = LoggerFactory.getLogger(TabularTrainer.class);
    private static final double ADAGRAD_EPSILON = 0.1;
    /** Data provenance time given to Tribuo; fixed so nothing time-dependent reaches the artifact. */
    private static final OffsetDateTime FIXED_TIME = OffsetDateTime.parse("2000-01-01T00:00:00Z");

    public TabularTrainer {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
        if (minibatchSize < 1) {
            throw new IllegalArgumentException("minibatchSize must be >= 1, was " + minibatchSize);
        }
        if (!(holdoutFraction >= 0 && holdoutFraction <= 0.9)) {
            throw new IllegalArgumentException("holdoutFraction must be in [0, 0.9], was " + holdoutFraction);
        }
    }

    /** The defaults listed on the record. */
    public static TabularTrainer logisticRegression() {
        return new TabularTrainer(10, 0.5, 1, 42, 0.2);
    }

    public TabularTrainer withEpochs(int n) {
        return new TabularTrainer(n, learningRate, minibatchSize, seed, holdoutFraction);
    }

    public TabularTrainer withLearningRate(double rate) {
        return new TabularTrainer(epochs, rate, minibatchSize, seed, holdoutFraction);
    }

    public TabularTrainer withSeed(long s) {
        return new TabularTrainer(epochs, learningRate, minibatchSize, s, holdoutFraction);
    }

    public TabularTrainer withHoldoutFraction(double fraction) {
        return new TabularTrainer(epochs, learningRate, minibatchSize, seed, fraction);
    }

    /**
     * Splits {@code data}, fits on the training part, evaluates on the held-out part and writes the
     * ONNX model to {@code onnxFile} (parent directories are created, an existing file replaced).
     *
     * @throws IllegalArgumentException when the schema has a text or tensor input, or a declared
     *                                  label never occurs among the training rows
     */
    public TrainedModel train(LabelledData data, Path onnxFile) {
        List<Integer> order = shuffledIndices(data.size());
        int holdout = (int) Math.round(data.size() * holdoutFraction);
        List<Integer> testIdx = order.subList(0, holdout);
        List<Integer> trainIdx = order.subList(holdout, order.size());
        LabelledData train = subset(data, trainIdx);
        TabularClassifier classifier = fit(train);

        Map<String, Integer> trainCounts = train.labelCounts();
        String majority = trainCounts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        int correct = 0;
        int majorityCorrect = 0;
        for (int i : testIdx) {
            String truth = data.labels().get(i);
            if (classifier.predict(data.rows().get(i)).equals(truth)) {
                correct++;
            }
            if (majority.equals(truth)) {
                majorityCorrect++;
            }
        }
        double accuracy = holdout == 0 ? Double.NaN : (double) correct / holdout;
        double baseline = holdout == 0 ? Double.NaN : (double) majorityCorrect / holdout;

        Map<String, String> details = new LinkedHashMap<>();
        details.put("trainer", "tribuo " + org.tribuo.Tribuo.VERSION + " LinearSGDTrainer(LogMulticlass, AdaGrad)");
        details.put("standardization", "z-score per column, inside the ONNX graph");
        details.put("epochs", Integer.toString(epochs));
        details.put("learning_rate", Double.toString(learningRate));
        details.put("minibatch_size", Integer.toString(minibatchSize));
        details.put("seed", Long.toString(seed));
        details.put("holdout_fraction", Double.toString(holdoutFraction));
        details.put("data", data.description());
        details.put("rows", Integer.toString(train.size()));
        details.put("holdout_rows", Integer.toString(holdout));
        details.put("label_counts", trainCounts.toString());
        details.put("accuracy", String.format(Locale.ROOT, "%.4f", accuracy));
        details.put("baseline_accuracy", String.format(Locale.ROOT, "%.4f", baseline));
        details.put("columns", Integer.toString(classifier.encoding().width()));

        classifier.writeOnnx(onnxFile, 1, "shepherd tabular classifier: " + details);
        String sha256 = Artifacts.sha256(onnxFile, "spec.uri");
        LOG.info("trained {} on {} rows: holdout accuracy {} (majority baseline {}), wrote {}",
                data.description(), train.size(), details.get("accuracy"), details.get("baseline_accuracy"), onnxFile);
        return new TrainedModel(onnxFile, sha256, accuracy, baseline, train.size(), holdout, details, classifier);
    }

    /** Fits on every row of {@code data} (no holdout, no export). */
    public TabularClassifier fit(LabelledData data) {
        DenseEncoding encoding = DenseEncoding.of(data.schema());
        for (String label : data.schema().output().labels()) {
            if (!data.labels().contains(label)) {
                throw new IllegalArgumentException("label '" + label + "' never occurs in the training data ("
                        + data.description() + "); every declared label needs examples");
            }
        }
        StandardizedColumns columns = StandardizedColumns.fit(encoding, data.rows());
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance(data.description(), FIXED_TIME, factory),
                factory);
        for (int r = 0; r < data.size(); r++) {
            dataset.add(columns.example(data.rows().get(r), data.labels().get(r)));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(),
                new AdaGrad(learningRate, ADAGRAD_EPSILON), epochs, Integer.MAX_VALUE, minibatchSize, seed);
        Model<Label> model = trainer.train(dataset);
        checkFeatures(model, columns.names);
        return new TabularClassifier(columns, model);
    }

    private static void checkFeatures(Model<Label> model, String[] names) {
        var map = model.getFeatureIDMap();
        if (map.size() != names.length) {
            throw new IllegalStateException("Tribuo kept " + map.size() + " of " + names.length + " columns");
        }
        for (int i = 0; i < names.length; i++) {
            if (map.getID(names[i]) != i) {
                throw new IllegalStateException("Tribuo put column " + names[i] + " at " + map.getID(names[i]));
            }
        }
    }

    private List<Integer> shuffledIndices(int n) {
        List<Integer> idx = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            idx.add(i);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            idx.set(j, idx.set(i, idx.get(j)));
        }
        return idx;
    }

    private static LabelledData subset(LabelledData data, List<Integer> indices) {
        List<Object[]> rows = new ArrayList<>(indices.size());
        List<String> labels = new ArrayList<>(indices.size());
        for (int i : indices) {
            rows.add(data.rows().get(i));
            labels.add(data.labels().get(i));
        }
        return new LabelledData(data.schema(), rows, labels, data.description());
    }
}
