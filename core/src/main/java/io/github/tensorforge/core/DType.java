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
    /** Boolean masks, one byte per element; held on the host as {@code boolean[]}. */
    BOOL(1, false, "bool"),
    /** 32-bit signed integers ({@code int[]}). */
    INT32(4, false, "int32"),
    /** 64-bit signed integers ({@code long[]}): indices, labels and ARGMAX results. */
    INT64(8, false, "int64"),
    /** 32-bit IEEE floats ({@code float[]}): the default dtype. */
    FLOAT32(4, true, "float32"),
    /** 64-bit IEEE floats ({@code double[]}): gradient checks and references. */
    FLOAT64(8, true, "float64");

    private final int byteSize;
    private final boolean floating;
    private final String displayName;

    DType(int byteSize, boolean floating, String displayName) {
        this.byteSize = byteSize;
        this.floating = floating;
        this.displayName = displayName;
    }

    /**
     * Bytes per element as stored by backends (BOOL takes one byte).
     *
     * @return 1, 4 or 8
     */
    public int byteSize() { return byteSize; }

    /**
     * Whether this is a floating-point dtype.
     *
     * @return true for FLOAT32 and FLOAT64
     */
    public boolean isFloating() { return floating; }

    /**
     * Whether this is an integer dtype; BOOL is neither integer nor floating.
     *
     * @return true for INT32 and INT64
     */
    public boolean isInteger() { return this == INT32 || this == INT64; }

    /**
     * The dtype an operation on {@code a} and {@code b} runs in.
     *
     * @param a one operand's dtype
     * @param b the other operand's dtype
     * @return the one ranked higher in {@code BOOL < INT32 < INT64 < FLOAT32 < FLOAT64}
     */
    public static DType promote(DType a, DType b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /**
     * The dtype used for real-valued math on this dtype: itself when floating, FLOAT32 otherwise.
     *
     * @return this, or FLOAT32 for BOOL, INT32 and INT64
     */
    public DType toFloating() { return floating ? this : FLOAT32; }

    /**
     * The Java array type that holds this dtype on the host: float[], double[], int[], long[] or boolean[].
     *
     * @return the array class, for example {@code float[].class} for FLOAT32
     */
    public Class<?> hostArrayType() {
        return switch (this) {
            case BOOL -> boolean[].class;
            case INT32 -> int[].class;
            case INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
        };
    }

    /**
     * The lower-case name used in messages and printed tensors.
     *
     * @return "bool", "int32", "int64", "float32" or "float64"
     */
    @Override public String toString() { return displayName; }
}
