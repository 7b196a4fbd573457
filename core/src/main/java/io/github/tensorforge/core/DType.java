package io.github.tensorforge.core;

/**
 * Element types. float32 is the default for math; float64 serves gradient checks and references; int32/int64 hold
 * indices and labels; BOOL holds masks produced by comparisons.
 *
 * <p>Mixed-dtype rule (PyTorch's): an operation on two dtypes runs in the one ranked higher in
 * {@code BOOL < INT32 < INT64 < FLOAT32 < FLOAT64}. Math that only makes sense on real numbers (exp, log, division,
 * mean, softmax...) promotes integer and boolean inputs to FLOAT32 first.
 */
public enum DType {
    BOOL(1, false, "bool"),
    INT32(4, false, "int32"),
    INT64(8, false, "int64"),
    FLOAT32(4, true, "float32"),
    FLOAT64(8, true, "float64");

    private final int byteSize;
    private final boolean floating;
    private final String displayName;

    DType(int byteSize, boolean floating, String displayName) {
        this.byteSize = byteSize;
        this.floating = floating;
        this.displayName = displayName;
    }

    /** Bytes per element as stored by backends (BOOL takes one byte). */
    public int byteSize() { return byteSize; }

    public boolean isFloating() { return floating; }

    public boolean isInteger() { return this == INT32 || this == INT64; }

    /** The dtype an operation on {@code a} and {@code b} runs in. */
    public static DType promote(DType a, DType b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** The dtype used for real-valued math on this dtype: itself when floating, FLOAT32 otherwise. */
    public DType toFloating() { return floating ? this : FLOAT32; }

    /** The Java array type that holds this dtype on the host: float[], double[], int[], long[] or boolean[]. */
    public Class<?> hostArrayType() {
        return switch (this) {
            case BOOL -> boolean[].class;
            case INT32 -> int[].class;
            case INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
        };
    }

    @Override public String toString() { return displayName; }
}
