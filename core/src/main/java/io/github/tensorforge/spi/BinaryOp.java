package io.github.tensorforge.spi;

/**
 * Element-wise primitive ops of two operands of the same dtype. Comparisons (CMP*) write BOOL; the others write the
 * operands' dtype. DIV and POW are only dispatched on floating dtypes (core promotes integers), so integer division
 * semantics never arise. MAX and MIN propagate NaN, like {@link Math#max(double, double)}.
 */
public enum BinaryOp {
    /** {@code a + b}. */ ADD,
    /** {@code a - b}. */ SUB,
    /** {@code a * b}. */ MUL,
    /** {@code a / b}, IEEE division; floating dtypes only. */ DIV,
    /** The larger of {@code a} and {@code b}; NaN when either is NaN. */ MAX,
    /** The smaller of {@code a} and {@code b}; NaN when either is NaN. */ MIN,
    /** {@code a} to the power {@code b}, as {@link Math#pow(double, double)}; floating dtypes only. */ POW,
    /** {@code a < b}, written as BOOL. */ CMPLT,
    /** {@code a <= b}, written as BOOL. */ CMPLE,
    /** {@code a == b}, written as BOOL (false when either is NaN). */ CMPEQ,
    /** {@code a != b}, written as BOOL (true when either is NaN). */ CMPNE;

    /**
     * Whether this op is a comparison, which writes BOOL rather than its operands' dtype.
     *
     * @return true for CMPLT, CMPLE, CMPEQ and CMPNE
     */
    public boolean isComparison() {
        return switch (this) {
            case CMPLT, CMPLE, CMPEQ, CMPNE -> true;
            case ADD, SUB, MUL, DIV, MAX, MIN, POW -> false;
        };
    }

    /**
     * True when the op is defined on integer (and BOOL) operands as well as floating ones.
     *
     * @return false for DIV and POW, which core only dispatches on floating dtypes
     */
    public boolean acceptsIntegers() {
        return this != DIV && this != POW;
    }
}
