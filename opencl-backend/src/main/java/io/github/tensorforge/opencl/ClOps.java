package io.github.tensorforge.opencl;

import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.UnaryOp;

/**
 * The op-to-kernel map: each SPI op enum maps to the code its kernel switches on (the #defines U_*, B_*, R_* in
 * common.cl, elementwise.cl and reduce.cl). Exhaustive switches without default: a new op breaks this build until it
 * has a kernel.
 */
final class ClOps {
    private ClOps() {}

    static int unaryCode(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case ABS -> 1;
            case SIGN -> 2;
            case EXP -> 3;
            case LOG -> 4;
            case SQRT -> 5;
            case RSQRT -> 6;
            case RECIP -> 7;
            case SIN -> 8;
            case COS -> 9;
            case TANH -> 10;
            case ERF -> 11;
            case SIGMOID -> 12;
            case RELU -> 13;
            case GELU -> 14;
            case GELU_TANH -> 15;
            case SILU -> 16;
        };
    }

    static int binaryCode(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case MAX -> 4;
            case MIN -> 5;
            case POW -> 6;
            case CMPLT -> 7;
            case CMPLE -> 8;
            case CMPEQ -> 9;
            case CMPNE -> 10;
        };
    }

    /** Binary ops defined only on floating dtypes (core promotes integer operands first). */
    static boolean floatingOnly(BinaryOp op) {
        return switch (op) {
            case DIV, POW -> true;
            case ADD, SUB, MUL, MAX, MIN, CMPLT, CMPLE, CMPEQ, CMPNE -> false;
        };
    }

    static int reduceCode(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MAX -> 1;
            case MIN -> 2;
            case ARGMAX -> 3;
            case ARGMIN -> 4;
        };
    }
}
