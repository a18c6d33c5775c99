package dev.shepherd.schema;

import java.util.Arrays;

/**
 * A dense, row-major tensor value of one instance (no batch dimension). Data are held as
 * doubles whatever the wire datatype; {@code datatype} remembers the OIP datatype it came in as
 * (for example {@code FP32}, {@code INT64}, {@code UINT8}). The array is not copied: treat it as
 * immutable once built.
 */
public record Tensor(int[] shape, double[] data, String datatype) {
    public Tensor {
        long volume = 1;
        for (int d : shape) {
            volume *= d;
        }
        if (volume != data.length) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape)
                    + " needs " + volume + " values, has " + data.length);
        }
    }

    public static Tensor of(double... data) {
        return new Tensor(new int[] {data.length}, data, "FP64");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
