package dev.shepherd.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A seeded CSV table of numeric columns {@code c0 … c(n−1)} for the drift benchmarks: column
 * {@code c} is normal with its own mean and scale (magnitudes from 0.001 to 1,000, so the text has
 * the shapes of real exports: {@code -0.00123457}, {@code 3.14159}, {@code 1234.57}, now and then
 * {@code 4.2e-05}), written with 6 significant digits as {@code printf("%.6g")} and pandas'
 * {@code float_format="%.6g"} write them; a share of cells is missing (empty, one in eight
 * {@code NA}). The current side of a pair shifts the mean of chosen columns by a multiple of their
 * scale. Immutable; {@link #write} may run on several threads at once.
 *
 * @param means  each column's mean
 * @param scales each column's standard deviation
 */
record SyntheticTable(double[] means, double[] scales) {
    private static final int POW_OFFSET = 40;
    private static final double[] POW10 = new double[2 * POW_OFFSET + 1];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Double.parseDouble("1e" + (i - POW_OFFSET));
        }
    }

    /** A reference table of {@code columns} columns, its parameters drawn from {@code seed}. */
    static SyntheticTable reference(int columns, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] means = new double[columns];
        double[] scales = new double[columns];
        for (int c = 0; c < columns; c++) {
            double magnitude = POW10[POW_OFFSET + c % 7 - 3]; // 0.001 … 1,000
            means[c] = r.nextDouble(-2, 2) * magnitude;
            scales[c] = r.nextDouble(0.5, 2) * magnitude;
        }
        return new SyntheticTable(means, scales);
    }

    /** This table with the mean of every column {@code c} for which {@code shifted[c]} moved by {@code sigmas} scales. */
    SyntheticTable shift(boolean[] shifted, double sigmas) {
        double[] m = means.clone();
        for (int c = 0; c < m.length; c++) {
            if (shifted[c]) {
                m[c] += sigmas * scales[c];
            }
        }
        return new SyntheticTable(m, scales);
    }

    /** Writes a header and {@code rows} rows drawn from {@code seed}, {@code missing} the share of empty cells. */
    void write(Path file, long rows, double missing, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        int columns = means.length;
        byte[] row = new byte[columns * 16 + 2];
        byte[] digits = new byte[6];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            StringBuilder header = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                header.append(c == 0 ? "" : ",").append('c').append(c);
            }
            out.write(header.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
            for (long i = 0; i < rows; i++) {
                int at = 0;
                for (int c = 0; c < columns; c++) {
                    if (c > 0) {
                        row[at++] = ',';
                    }
                    if (r.nextDouble() < missing) {
                        if (r.nextInt(8) == 0) {
                            row[at++] = 'N';
                            row[at++] = 'A';
                        }
                        continue;
                    }
                    at = format(means[c] + scales[c] * r.nextGaussian(), row, at, digits);
                }
                row[at++] = '\n';
                out.write(row, 0, at);
            }
        }
    }

    /**
     * Writes {@code v} into {@code b} from {@code at} as {@code %.6g} does (6 significant digits,
     * trailing zeros dropped, exponent form below 1e-4 and from 1e6); returns the end. {@code d}
     * is scratch space for the 6 digits.
     */
    static int format(double v, byte[] b, int at, byte[] d) {
        if (Math.abs(v) < 1e-30) { // below the power table; a normal draw never gets there
            b[at++] = '0';
            return at;
        }
        if (v < 0) {
            b[at++] = '-';
            v = -v;
        }
        int e = (int) Math.floor(Math.log10(v));
        long m = Math.round(v * POW10[POW_OFFSET + 5 - e]);
        while (m >= 1_000_000) { // rounding (or log10) put the value in the next decade
            e++;
            m = Math.round(v * POW10[POW_OFFSET + 5 - e]);
        }
        while (m < 100_000) {
            e--;
            m = Math.round(v * POW10[POW_OFFSET + 5 - e]);
        }
        for (int k = 5; k >= 0; k--) {
            d[k] = (byte) ('0' + m % 10);
            m /= 10;
        }
        int nz = 6;
        while (nz > 1 && d[nz - 1] == '0') {
            nz--;
        }
        if (e < -4 || e >= 6) {
            b[at++] = d[0];
            if (nz > 1) {
                b[at++] = '.';
                for (int k = 1; k < nz; k++) {
                    b[at++] = d[k];
                }
            }
            b[at++] = 'e';
            b[at++] = (byte) (e < 0 ? '-' : '+');
            int x = Math.abs(e);
            if (x >= 100) {
                b[at++] = (byte) ('0' + x / 100);
            }
            b[at++] = (byte) ('0' + x / 10 % 10);
            b[at++] = (byte) ('0' + x % 10);
        } else if (e >= 0) {
            for (int k = 0; k <= e; k++) {
                b[at++] = d[k];
            }
            if (nz > e + 1) {
                b[at++] = '.';
                for (int k = e + 1; k < nz; k++) {
                    b[at++] = d[k];
                }
            }
        } else {
            b[at++] = '0';
            b[at++] = '.';
            for (int k = -1; k > e; k--) {
                b[at++] = '0';
            }
            for (int k = 0; k < nz; k++) {
                b[at++] = d[k];
            }
        }
        return at;
    }
}
