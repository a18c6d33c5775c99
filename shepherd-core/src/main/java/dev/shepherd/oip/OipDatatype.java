package dev.shepherd.oip;

import dev.shepherd.schema.FeatureSpec;
import dev.shepherd.schema.FeatureType;

/**
 * The tensor datatypes of the Open Inference Protocol v2 and which Shepherd feature types each
 * one may carry. On the JSON wire every datatype is a JSON value: {@code BOOL} a boolean,
 * {@code BYTES} a string, the integer and floating-point types a number.
 *
 * <p>Fit rules ({@link #fits}): {@code boolean} ← {@code BOOL}; {@code category} and
 * {@code text} ← {@code BYTES}; {@code integer} ← any integer type; {@code number} and
 * {@code tensor} ← any integer or floating-point type. Immutable and thread-safe.
 */
public enum OipDatatype {
    BOOL(0, 0),
    UINT8(0, 0xFF),
    UINT16(0, 0xFFFF),
    UINT32(0, 0xFFFF_FFFFL),
    /** Limited to {@link Long#MAX_VALUE}, the largest value a Shepherd integer holds. */
    UINT64(0, Long.MAX_VALUE),
    INT8(Byte.MIN_VALUE, Byte.MAX_VALUE),
    INT16(Short.MIN_VALUE, Short.MAX_VALUE),
    INT32(Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT64(Long.MIN_VALUE, Long.MAX_VALUE),
    FP16(0, 0),
    FP32(0, 0),
    FP64(0, 0),
    BYTES(0, 0);

    /** Largest finite IEEE 754 half-precision value. */
    private static final double FP16_MAX = 65504.0;

    private final long min;
    private final long max;

    OipDatatype(long min, long max) {
        this.min = min;
        this.max = max;
    }

    /** The wire spelling, for example {@code FP32}. */
    public String wireName() {
        return name();
    }

    /** Parses a wire datatype (exact, upper case as the protocol spells it); {@code null} when unknown. */
    public static OipDatatype fromWire(String s) {
        if (s == null) {
            return null;
        }
        for (OipDatatype d : values()) {
            if (d.name().equals(s)) {
                return d;
            }
        }
        return null;
    }

    /**
     * The datatype Shepherd uses for {@code feature} when nothing else is known: {@code FP64} for
     * {@code number} and {@code tensor} (lossless for the doubles Shepherd holds), {@code INT64}
     * for {@code integer}, {@code BOOL} for {@code boolean}, {@code BYTES} for {@code category}
     * and {@code text}.
     */
    public static OipDatatype of(FeatureSpec feature) {
        return switch (feature.type()) {
            case NUMBER, TENSOR -> FP64;
            case INTEGER -> INT64;
            case BOOLEAN -> BOOL;
            case CATEGORY, TEXT -> BYTES;
        };
    }

    public boolean isInteger() {
        return this != BOOL && ordinal() <= INT64.ordinal();
    }

    public boolean isFloatingPoint() {
        return this == FP16 || this == FP32 || this == FP64;
    }

    /** Integer or floating point. */
    public boolean isNumeric() {
        return isInteger() || isFloatingPoint();
    }

    /** Whether a tensor of this datatype may carry values of feature type {@code type}. */
    public boolean fits(FeatureType type) {
        return switch (type) {
            case BOOLEAN -> this == BOOL;
            case CATEGORY, TEXT -> this == BYTES;
            case INTEGER -> isInteger();
            case NUMBER, TENSOR -> isNumeric();
        };
    }

    /** The datatypes that fit {@code type}, for error messages. */
    public static String accepted(FeatureType type) {
        return switch (type) {
            case BOOLEAN -> "BOOL";
            case CATEGORY, TEXT -> "BYTES";
            case INTEGER -> "INT8..INT64 or UINT8..UINT64";
            case NUMBER, TENSOR -> "FP16, FP32, FP64, INT8..INT64 or UINT8..UINT64";
        };
    }

    /** Whether integer {@code v} is representable in this integer datatype. */
    public boolean holds(long v) {
        return v >= min && v <= max;
    }

    /** Whether finite {@code v} is within the range of this floating-point datatype. */
    public boolean holds(double v) {
        return switch (this) {
            case FP16 -> Math.abs(v) <= FP16_MAX;
            case FP32 -> Math.abs(v) <= Float.MAX_VALUE;
            default -> true;
        };
    }

    /** The value range of an integer datatype, for messages: {@code [0, 255]}. */
    String range() {
        return "[" + min + ", " + max + "]";
    }
}
