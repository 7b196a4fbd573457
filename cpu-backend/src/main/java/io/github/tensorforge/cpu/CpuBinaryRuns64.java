// GENERATED from CpuBinaryRuns.java by Float64SourceGenerator: do not edit. Edit CpuBinaryRuns.java, then run
// java cpu-backend/src/test/java/io/github/tensorforge/cpu/Float64SourceGenerator.java
package io.github.tensorforge.cpu;

import io.github.tensorforge.spi.BinaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 binary row kernels of {@link CpuElementwise}: arithmetic and comparisons over one run of a coalesced
 * layout. The vector loops take a unit-stride output with each operand unit-stride or a broadcast scalar (stride 0);
 * the tail and strided runs go through the scalar helpers, which compute what the vector lanes compute.
 *
 *
 * <p>Two shapes here are deliberate:
 * <ul>
 *   <li>Each layout (vector op scalar, scalar op vector, vector op vector) has its own method, and a broadcast operand
 *   arrives as a value that the method turns into a vector unconditionally. Holding it as
 *   {@code cond ? DoubleVector.broadcast(...) : null} and testing for null inside the op's branch made JDK 25's C2
 *   emit code that dereferences null (SIGSEGV at 0x10 after a few hundred warm calls, with AVX-512 or AVX2, 16- to
 *   64-byte vectors; not on JDK 17). {@code JitWarmStressTest} keeps every op running until C2 has compiled it.</li>
 *   <li>The op switch sits outside the loops: with several ops in the JIT's profile, as in training, a switch inside
 *   them cost 7-20% of a 16M-element mul on one core (JDK 17 and 25), memory-bound as it is. With one op C2 prunes
 *   the switch, so a JMH fork of one op does not show it.</li>
 * </ul>
 */
final class CpuBinaryRuns64 {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private CpuBinaryRuns64() {}

    /**
     * Whether a binary run has the layouts the vector loops take: unit-stride output, each operand unit-stride or a
     * broadcast scalar (stride 0), not both scalars.
     */
    static boolean vectorRun(int os, int as, int bs) {
        return os == 1 && (as == 1 || as == 0) && (bs == 1 || bs == 0) && (as | bs) != 0;
    }

    /** {@code o[i] = a[i] op b[i]} over a run of {@code n}; {@code op} is arithmetic (not a comparison). */
    static void arith(BinaryOp op, double[] o, int oo, int os, double[] a, int ao, int as, double[] b, int bo, int bs, int n) {
        int i = 0;
        if (op != BinaryOp.POW && vectorRun(os, as, bs)) {
            int ub = S.loopBound(n);
            if (bs == 0) i = arithVectorScalar(op, o, oo, a, ao, b[bo], ub);
            else if (as == 0) i = arithScalarVector(op, o, oo, a[ao], b, bo, ub);
            else i = arithVectors(op, o, oo, a, ao, b, bo, ub);
        }
        for (; i < n; i++) o[oo + i * os] = arithScalar(op, a[ao + i * as], b[bo + i * bs]);
    }

    /** {@code o[i] = a[i] op b[i]} into booleans over a run of {@code n}; {@code op} is a comparison. */
    static void compare(BinaryOp op, boolean[] o, int oo, int os, double[] a, int ao, int as, double[] b, int bo, int bs, int n) {
        int i = 0;
        if (vectorRun(os, as, bs)) {
            int ub = S.loopBound(n);
            if (bs == 0) i = compareVectorScalar(op, o, oo, a, ao, b[bo], ub);
            else if (as == 0) i = compareScalarVector(op, o, oo, a[ao], b, bo, ub);
            else i = compareVectors(op, o, oo, a, ao, b, bo, ub);
        }
        for (; i < n; i++) o[oo + i * os] = compareScalar(op, a[ao + i * as], b[bo + i * bs]);
    }

    /** The vector part of a run whose second operand is the scalar {@code s}; returns where the tail starts. */
    private static int arithVectorScalar(BinaryOp op, double[] o, int oo, double[] a, int ao, double s, int ub) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        int i = 0;
        switch (op) {
            case ADD -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).add(vb).intoArray(o, oo + i); }
            case SUB -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).sub(vb).intoArray(o, oo + i); }
            case MUL -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).mul(vb).intoArray(o, oo + i); }
            case DIV -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).div(vb).intoArray(o, oo + i); }
            case MAX -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).max(vb).intoArray(o, oo + i); }
            case MIN -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).min(vb).intoArray(o, oo + i); }
            case POW, CMPLT, CMPLE, CMPEQ, CMPNE -> throw new IllegalStateException("binary " + op + " has no vector form here");
        }
        return i;
    }

    /** The vector part of a run whose first operand is the scalar {@code s}; returns where the tail starts. */
    private static int arithScalarVector(BinaryOp op, double[] o, int oo, double s, double[] b, int bo, int ub) {
        DoubleVector va = DoubleVector.broadcast(S, s);
        int i = 0;
        switch (op) {
            case ADD -> { for (; i < ub; i += L) va.add(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case SUB -> { for (; i < ub; i += L) va.sub(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case MUL -> { for (; i < ub; i += L) va.mul(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case DIV -> { for (; i < ub; i += L) va.div(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case MAX -> { for (; i < ub; i += L) va.max(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case MIN -> { for (; i < ub; i += L) va.min(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case POW, CMPLT, CMPLE, CMPEQ, CMPNE -> throw new IllegalStateException("binary " + op + " has no vector form here");
        }
        return i;
    }

    /** The vector part of a run of two unit-stride operands; returns where the tail starts. */
    private static int arithVectors(BinaryOp op, double[] o, int oo, double[] a, int ao, double[] b, int bo, int ub) {
        int i = 0;
        switch (op) {
            case ADD -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).add(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case SUB -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).sub(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case MUL -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).mul(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case DIV -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).div(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case MAX -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).max(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case MIN -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).min(DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case POW, CMPLT, CMPLE, CMPEQ, CMPNE -> throw new IllegalStateException("binary " + op + " has no vector form here");
        }
        return i;
    }

    /** One element of {@link #arith}, in the element type (what a vector lane computes). */
    static double arithScalar(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case POW -> (double) Math.pow(a, b);
            case CMPLT, CMPLE, CMPEQ, CMPNE -> throw new IllegalStateException("binary " + op + " writes BOOL");
        };
    }

    /** One element of {@link #compare}. */
    static boolean compareScalar(BinaryOp op, double a, double b) {
        return switch (op) {
            case CMPLT -> a < b;
            case CMPLE -> a <= b;
            case CMPEQ -> a == b;
            case CMPNE -> a != b;
            case ADD, SUB, MUL, DIV, MAX, MIN, POW -> throw new IllegalStateException("binary " + op + " is not a comparison");
        };
    }

    /** {@link #compare}'s vector part against the scalar second operand {@code s}; returns where the tail starts. */
    private static int compareVectorScalar(BinaryOp op, boolean[] o, int oo, double[] a, int ao, double s, int ub) {
        DoubleVector vb = DoubleVector.broadcast(S, s);
        int i = 0;
        switch (op) {
            case CMPLT -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.LT, vb).intoArray(o, oo + i); }
            case CMPLE -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.LE, vb).intoArray(o, oo + i); }
            case CMPEQ -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.EQ, vb).intoArray(o, oo + i); }
            case CMPNE -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.NE, vb).intoArray(o, oo + i); }
            case ADD, SUB, MUL, DIV, MAX, MIN, POW -> throw new IllegalStateException("binary " + op + " is not a comparison");
        }
        return i;
    }

    /** {@link #compare}'s vector part with the scalar first operand {@code s}; returns where the tail starts. */
    private static int compareScalarVector(BinaryOp op, boolean[] o, int oo, double s, double[] b, int bo, int ub) {
        DoubleVector va = DoubleVector.broadcast(S, s);
        int i = 0;
        switch (op) {
            case CMPLT -> { for (; i < ub; i += L) va.compare(VectorOperators.LT, DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case CMPLE -> { for (; i < ub; i += L) va.compare(VectorOperators.LE, DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case CMPEQ -> { for (; i < ub; i += L) va.compare(VectorOperators.EQ, DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case CMPNE -> { for (; i < ub; i += L) va.compare(VectorOperators.NE, DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case ADD, SUB, MUL, DIV, MAX, MIN, POW -> throw new IllegalStateException("binary " + op + " is not a comparison");
        }
        return i;
    }

    /** {@link #compare}'s vector part over two unit-stride operands; returns where the tail starts. */
    private static int compareVectors(BinaryOp op, boolean[] o, int oo, double[] a, int ao, double[] b, int bo, int ub) {
        int i = 0;
        switch (op) {
            case CMPLT -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.LT, DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case CMPLE -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.LE, DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case CMPEQ -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.EQ, DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case CMPNE -> { for (; i < ub; i += L) DoubleVector.fromArray(S, a, ao + i).compare(VectorOperators.NE, DoubleVector.fromArray(S, b, bo + i)).intoArray(o, oo + i); }
            case ADD, SUB, MUL, DIV, MAX, MIN, POW -> throw new IllegalStateException("binary " + op + " is not a comparison");
        }
        return i;
    }
}
