package dev.shepherd.training;

import dev.shepherd.schema.DenseEncoding;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * The dense encoding of a schema followed by a per-column z-score, turned into Tribuo examples
 * whose features are named {@code f000}, {@code f001}, … in column order. Arithmetic is done in
 * {@code float} exactly as the exported ONNX graph does it ({@code (x - mean) * scale}), so Tribuo
 * and ONNX Runtime see the same numbers. Immutable and thread-safe.
 */
final class StandardizedColumns {
    final DenseEncoding encoding;
    final float[] mean;
    final float[] scale;
    final String[] names;

    private StandardizedColumns(DenseEncoding encoding, float[] mean, float[] scale) {
        this.encoding = encoding;
        this.mean = mean;
        this.scale = scale;
        this.names = featureNames(encoding.width());
    }

    /** Learns mean and 1/std (population) per column from {@code rows}; a constant column gets scale 1. */
    static StandardizedColumns fit(DenseEncoding encoding, Iterable<Object[]> rows) {
        int width = encoding.width();
        double[] sum = new double[width];
        double[] sumSq = new double[width];
        int n = 0;
        for (Object[] row : rows) {
            float[] x = encoding.encode(row);
            for (int c = 0; c < width; c++) {
                sum[c] += x[c];
                sumSq[c] += (double) x[c] * x[c];
            }
            n++;
        }
        float[] mean = new float[width];
        float[] scale = new float[width];
        for (int c = 0; c < width; c++) {
            double m = n == 0 ? 0 : sum[c] / n;
            double variance = n == 0 ? 0 : Math.max(0, sumSq[c] / n - m * m);
            double sd = Math.sqrt(variance);
            mean[c] = (float) m;
            // relative threshold: a column whose spread is float noise counts as constant
            scale[c] = sd > 1e-6 * Math.max(1, Math.abs(m)) ? (float) (1 / sd) : 1f;
        }
        return new StandardizedColumns(encoding, mean, scale);
    }

    /** The example of {@code row} with every column present; {@code label == null} gives an unlabelled example. */
    ArrayExample<Label> example(Object[] row, String label) {
        float[] x = encoding.encode(row);
        double[] values = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            float centered = x[i] - mean[i];
            values[i] = centered * scale[i];
        }
        Label output = label == null ? LabelFactory.UNKNOWN_LABEL : new Label(label);
        return new ArrayExample<>(output, names, values);
    }

    /** {@code f} + the column index zero-padded to a common width, so name order is column order. */
    static String[] featureNames(int width) {
        int digits = Math.max(3, Integer.toString(Math.max(0, width - 1)).length());
        String[] out = new String[width];
        for (int i = 0; i < width; i++) {
            String n = Integer.toString(i);
            out[i] = "f" + "0".repeat(digits - n.length()) + n;
        }
        return out;
    }
}
