package io.github.tensorforge.cuda;

import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.UnaryOp;

/**
 * The op codes the CUDA kernels switch on, one exhaustive map per op family: the {@code #define OP_*} (unary, in
 * common.cuh), {@code BOP_*} (binary, elementwise.cu) and {@code ROP_*} (reduce, reduce.cu) constants. Kernels never
 * receive an enum ordinal, so reordering or extending an enum cannot silently run another op; a new op fails this
 * class's build until it has a code, and {@code CudaOpsTest} fails when a code here and its {@code #define} differ.
 */
final class CudaOps {
    private CudaOps() {}

    /** The kernel code of a unary op ({@code OP_<NAME>}). */
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

    /** The epilogue code of an optional activation: {@code OP_NONE} (-1) for none. */
    static int activationCode(UnaryOp activationOrNull) {
        return activationOrNull == null ? -1 : unaryCode(activationOrNull);
    }

    /** The kernel code of a binary op ({@code BOP_<NAME>}). */
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

    /** The kernel code of a reduction ({@code ROP_<NAME>}). */
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
