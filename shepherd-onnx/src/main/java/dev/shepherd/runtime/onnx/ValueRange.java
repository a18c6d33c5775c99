package dev.shepherd.runtime.onnx;

import ai.onnxruntime.OnnxJavaType;

/**
 * The values a numeric graph input can take, as {@link NamedInputs} converts them: integer types
 * receive {@link Math#round(double)} of the value, {@code FLOAT} receives the nearest float. A value
 * outside the range would wrap or become infinite, so {@link NamedInputs#check} rejects it first.
 */
enum ValueRange {
    /** Element types that take any finite double unchanged ({@code DOUBLE}, {@code BOOL}, strings). */
    ANY("", 0, 0),
    FP32("FP32", 0, 0),
    INT64("INT64", Long.MIN_VALUE, Long.MAX_VALUE),
    INT32("INT32", Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT8("INT8", Byte.MIN_VALUE, Byte.MAX_VALUE),
    UINT8("UINT8", 0, 255);

    private static final double TWO_TO_63 = 0x1p63;

    private final String datatype;
    private final long min;
    private final long max;

    ValueRange(String datatype, long min, long max) {
        this.datatype = datatype;
        this.min = min;
        this.max = max;
    }

    /** The range of a graph input of element type {@code type}. */
    static ValueRange of(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> FP32;
            case INT64 -> INT64;
            case INT32 -> INT32;
            case INT8 -> INT8;
            case UINT8 -> UINT8;
            default -> ANY;
        };
    }

    /** The OIP name of the element type ({@code INT32}), empty for {@link #ANY}. */
    String datatype() {
        return datatype;
    }

    /** Whether {@code v} (finite) is fed without wrapping or overflowing. */
    boolean holds(double v) {
        return switch (this) {
            case ANY -> true;
            case FP32 -> Math.abs(v) <= Float.MAX_VALUE;
            // Math.round saturates at the long bounds: only values below 2^63 in magnitude are exact
            case INT64 -> v >= -TWO_TO_63 && v < TWO_TO_63;
            // Math.round(v) = floor(v + 0.5) lands in [min, max]
            default -> v >= min - 0.5 && v < max + 0.5;
        };
    }

    /** Whether the integer {@code x} is fed exactly. */
    boolean holds(long x) {
        return switch (this) {
            case ANY, FP32 -> true;
            default -> x >= min && x <= max;
        };
    }

    /** A value for messages: whole numbers without a fraction ({@code 300}, not {@code 300.0}). */
    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return switch (this) {
            case ANY -> "(any)";
            case FP32 -> "(magnitude at most " + Float.MAX_VALUE + ")";
            default -> "(" + min + ".." + max + ")";
        };
    }
}
