package io.github.tensorforge.spi;

/**
 * Element-wise primitive ops of two operands of the same dtype. Comparisons (CMP*) write BOOL; the others write the
 * operands' dtype. DIV and POW are only dispatched on floating dtypes (core promotes integers), so integer division
 * semantics never arise. MAX and MIN propagate NaN, like {@link Math#max(double, double)}.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX, MIN, POW, CMPLT, CMPLE, CMPEQ, CMPNE;

    public boolean isComparison() {
        return switch (this) {
            case CMPLT, CMPLE, CMPEQ, CMPNE -> true;
            case ADD, SUB, MUL, DIV, MAX, MIN, POW -> false;
        };
    }
}
