package io.github.tensorforge.cpu;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.ScalarMath;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.HeapBuffer;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Element-wise kernels: fill, copy (with dtype conversion), unary, binary, where. Views are coalesced into a
 * {@link CpuLayout}; each innermost run goes to a row kernel with a vector path when the run is contiguous or a
 * stride-0 scalar operand, and a scalar loop (the same scalar helper the vector path's tail uses) otherwise. Inputs
 * of more than {@link #PARALLEL_MIN} elements (fewer for transcendental ops) are split across the pool.
 */
final class CpuElementwise {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final int FL = F.length();
    static final int DL = D.length();
    /** Element count below which a kernel stays on the calling thread. */
    static final long PARALLEL_MIN = 32_768;

    private final CpuThreadPool pool;

    CpuElementwise(CpuThreadPool pool) {
        this.pool = pool;
    }

    /** Runs {@code seg} over the layout, in parallel for large inputs; {@code cost} is the relative work per element. */
    void run(CpuLayout layout, int cost, CpuLayout.Segment seg) {
        long min = Math.max(1024, PARALLEL_MIN / cost);
        pool.parallelFor(layout.size, min, min / 2, (s, e) -> layout.forEach(s, e, seg));
    }

    private static Object arr(View v) { return HeapBuffer.of(v).array(); }

    // ---- fill -----------------------------------------------------------------------------------------------------

    void fill(View out, double value) {
        CpuLayout l = CpuLayout.of(out.shape(), out);
        int s = l.innerStride(0);
        Object o = arr(out);
        switch (out.dtype()) {
            case FLOAT32 -> {
                float v = (float) value;
                float[] a = (float[]) o;
                run(l, 1, (p, n) -> { if (s == 1) Arrays.fill(a, p[0], p[0] + n, v); else for (int i = 0; i < n; i++) a[p[0] + i * s] = v; });
            }
            case FLOAT64 -> {
                double[] a = (double[]) o;
                run(l, 1, (p, n) -> { if (s == 1) Arrays.fill(a, p[0], p[0] + n, value); else for (int i = 0; i < n; i++) a[p[0] + i * s] = value; });
            }
            case INT32 -> {
                int v = (int) (long) value;
                int[] a = (int[]) o;
                run(l, 1, (p, n) -> { if (s == 1) Arrays.fill(a, p[0], p[0] + n, v); else for (int i = 0; i < n; i++) a[p[0] + i * s] = v; });
            }
            case INT64 -> {
                long v = (long) value;
                long[] a = (long[]) o;
                run(l, 1, (p, n) -> { if (s == 1) Arrays.fill(a, p[0], p[0] + n, v); else for (int i = 0; i < n; i++) a[p[0] + i * s] = v; });
            }
            case BOOL -> {
                boolean v = value != 0;
                boolean[] a = (boolean[]) o;
                run(l, 1, (p, n) -> { if (s == 1) Arrays.fill(a, p[0], p[0] + n, v); else for (int i = 0; i < n; i++) a[p[0] + i * s] = v; });
            }
        }
    }

    // ---- copy -----------------------------------------------------------------------------------------------------

    void copy(View out, View x) {
        CpuLayout l = CpuLayout.of(out.shape(), out, x);
        int os = l.innerStride(0), xs = l.innerStride(1);
        Object o = arr(out), a = arr(x);
        if (out.dtype() == x.dtype()) {
            DType t = out.dtype();
            run(l, 1, (p, n) -> {
                if (os == 1 && xs == 1) System.arraycopy(a, p[1], o, p[0], n);
                else copyStrided(t, o, p[0], os, a, p[1], xs, n);
            });
            return;
        }
        // Conversion through a small block of double (floating involved) or long (integers and bool), the same
        // intermediate the reference uses, so results match it bit for bit.
        boolean integral = !out.dtype().isFloating() && !x.dtype().isFloating();
        DType src = x.dtype(), dst = out.dtype();
        run(l, 1, (p, n) -> {
            int block = Math.min(n, 512);
            double[] td = integral ? null : new double[block];
            long[] tl = integral ? new long[block] : null;
            for (int done = 0; done < n; done += block) {
                int len = Math.min(block, n - done);
                int xp = p[1] + done * xs, op = p[0] + done * os;
                if (integral) {
                    readLongs(src, a, xp, xs, tl, len);
                    writeLongs(dst, o, op, os, tl, len);
                } else {
                    readDoubles(src, a, xp, xs, td, len);
                    writeDoubles(dst, o, op, os, td, len);
                }
            }
        });
    }

    static void copyStrided(DType t, Object o, int op, int os, Object a, int ap, int as, int n) {
        switch (t) {
            case FLOAT32 -> { float[] d = (float[]) o, s = (float[]) a; for (int i = 0; i < n; i++) d[op + i * os] = s[ap + i * as]; }
            case FLOAT64 -> { double[] d = (double[]) o, s = (double[]) a; for (int i = 0; i < n; i++) d[op + i * os] = s[ap + i * as]; }
            case INT32 -> { int[] d = (int[]) o, s = (int[]) a; for (int i = 0; i < n; i++) d[op + i * os] = s[ap + i * as]; }
            case INT64 -> { long[] d = (long[]) o, s = (long[]) a; for (int i = 0; i < n; i++) d[op + i * os] = s[ap + i * as]; }
            case BOOL -> { boolean[] d = (boolean[]) o, s = (boolean[]) a; for (int i = 0; i < n; i++) d[op + i * os] = s[ap + i * as]; }
        }
    }

    private static void readDoubles(DType t, Object a, int p, int s, double[] dst, int n) {
        switch (t) {
            case FLOAT32 -> { float[] x = (float[]) a; for (int i = 0; i < n; i++) dst[i] = x[p + i * s]; }
            case FLOAT64 -> { double[] x = (double[]) a; for (int i = 0; i < n; i++) dst[i] = x[p + i * s]; }
            case INT32 -> { int[] x = (int[]) a; for (int i = 0; i < n; i++) dst[i] = x[p + i * s]; }
            case INT64 -> { long[] x = (long[]) a; for (int i = 0; i < n; i++) dst[i] = x[p + i * s]; }
            case BOOL -> { boolean[] x = (boolean[]) a; for (int i = 0; i < n; i++) dst[i] = x[p + i * s] ? 1 : 0; }
        }
    }

    private static void writeDoubles(DType t, Object o, int p, int s, double[] src, int n) {
        switch (t) {
            case FLOAT32 -> { float[] x = (float[]) o; for (int i = 0; i < n; i++) x[p + i * s] = (float) src[i]; }
            case FLOAT64 -> { double[] x = (double[]) o; for (int i = 0; i < n; i++) x[p + i * s] = src[i]; }
            case INT32 -> { int[] x = (int[]) o; for (int i = 0; i < n; i++) x[p + i * s] = (int) (long) src[i]; }
            case INT64 -> { long[] x = (long[]) o; for (int i = 0; i < n; i++) x[p + i * s] = (long) src[i]; }
            case BOOL -> { boolean[] x = (boolean[]) o; for (int i = 0; i < n; i++) x[p + i * s] = src[i] != 0; }
        }
    }

    private static void readLongs(DType t, Object a, int p, int s, long[] dst, int n) {
        switch (t) {
            case INT32 -> { int[] x = (int[]) a; for (int i = 0; i < n; i++) dst[i] = x[p + i * s]; }
            case INT64 -> { long[] x = (long[]) a; for (int i = 0; i < n; i++) dst[i] = x[p + i * s]; }
            case BOOL -> { boolean[] x = (boolean[]) a; for (int i = 0; i < n; i++) dst[i] = x[p + i * s] ? 1 : 0; }
            case FLOAT32, FLOAT64 -> throw new IllegalStateException("copy: integer path used for " + t);
        }
    }

    private static void writeLongs(DType t, Object o, int p, int s, long[] src, int n) {
        switch (t) {
            case INT32 -> { int[] x = (int[]) o; for (int i = 0; i < n; i++) x[p + i * s] = (int) src[i]; }
            case INT64 -> { long[] x = (long[]) o; for (int i = 0; i < n; i++) x[p + i * s] = src[i]; }
            case BOOL -> { boolean[] x = (boolean[]) o; for (int i = 0; i < n; i++) x[p + i * s] = src[i] != 0; }
            case FLOAT32, FLOAT64 -> throw new IllegalStateException("copy: integer path used for " + t);
        }
    }

    // ---- unary ----------------------------------------------------------------------------------------------------

    void unary(UnaryOp op, View out, View x) {
        CpuLayout l = CpuLayout.of(out.shape(), out, x);
        int os = l.innerStride(0), xs = l.innerStride(1);
        Object o = arr(out), a = arr(x);
        DType t = x.dtype();
        assert t.isFloating() || op.acceptsIntegers() : "unary " + op + " on " + t + ": core promotes integers first";
        int cost = op.cost();
        switch (t) {
            case FLOAT32 -> run(l, cost, (p, n) -> unaryF(op, (float[]) o, p[0], os, (float[]) a, p[1], xs, n));
            case FLOAT64 -> run(l, cost, (p, n) -> unaryD(op, (double[]) o, p[0], os, (double[]) a, p[1], xs, n));
            case INT32 -> run(l, 1, (p, n) -> {
                int[] d = (int[]) o, s = (int[]) a;
                for (int i = 0; i < n; i++) d[p[0] + i * os] = (int) unaryL(op, s[p[1] + i * xs]);
            });
            case INT64 -> run(l, 1, (p, n) -> {
                long[] d = (long[]) o, s = (long[]) a;
                for (int i = 0; i < n; i++) d[p[0] + i * os] = unaryL(op, s[p[1] + i * xs]);
            });
            case BOOL -> run(l, 1, (p, n) -> {
                boolean[] d = (boolean[]) o, s = (boolean[]) a;
                for (int i = 0; i < n; i++) d[p[0] + i * os] = unaryL(op, s[p[1] + i * xs] ? 1 : 0) != 0;
            });
        }
    }

    static long unaryL(UnaryOp op, long x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Long.signum(x);
            case RELU -> Math.max(x, 0);
            default -> throw new IllegalStateException("unary " + op + " is not defined on integers; core promotes them");
        };
    }

    /**
     * The scalar definition of every float32 unary op; vector loops use it for their tails. An op without a float32
     * kernel of its own here is computed in double by the reference's definition and rounded once.
     */
    static float unaryS(UnaryOp op, float x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> CpuMath.sign(x);
            case EXP -> CpuMath.exp(x);
            case LOG -> CpuMath.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case RSQRT -> 1f / (float) Math.sqrt(x);
            case RECIP -> 1f / x;
            case SIN -> (float) Math.sin(x);
            case COS -> (float) Math.cos(x);
            case TANH -> CpuMath.tanh(x);
            case ERF -> CpuMath.erf(x);
            case SIGMOID -> CpuMath.sigmoid(x);
            case RELU -> CpuMath.relu(x);
            case GELU -> CpuMath.gelu(x);
            case GELU_TANH -> CpuMath.geluTanh(x);
            case SILU -> CpuMath.silu(x);
            default -> (float) ScalarMath.unary(op, x);
        };
    }

    static void unaryF(UnaryOp op, float[] o, int oo, int os, float[] x, int xo, int xs, int n) {
        if (xs == 0 && os == 1) {
            Arrays.fill(o, oo, oo + n, unaryS(op, x[xo]));
            return;
        }
        if (os != 1 || xs != 1) {
            for (int i = 0; i < n; i++) o[oo + i * os] = unaryS(op, x[xo + i * xs]);
            return;
        }
        int i = 0;
        int ub = F.loopBound(n);
        switch (op) {
            case RELU -> {
                FloatVector zero = FloatVector.zero(F);
                for (; i < ub; i += FL) CpuMath.relu(FloatVector.fromArray(F, x, xo + i), zero).intoArray(o, oo + i);
            }
            // One loop per op, the switch outside (as in CpuBinaryRuns).
            case NEG -> { for (; i < ub; i += FL) FloatVector.fromArray(F, x, xo + i).neg().intoArray(o, oo + i); }
            case ABS -> { for (; i < ub; i += FL) FloatVector.fromArray(F, x, xo + i).abs().intoArray(o, oo + i); }
            case SIGN -> { for (; i < ub; i += FL) CpuMath.sign(FloatVector.fromArray(F, x, xo + i)).intoArray(o, oo + i); }
            case SQRT -> { for (; i < ub; i += FL) FloatVector.fromArray(F, x, xo + i).lanewise(VectorOperators.SQRT).intoArray(o, oo + i); }
            case RSQRT -> {
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (; i < ub; i += FL) one.div(FloatVector.fromArray(F, x, xo + i).lanewise(VectorOperators.SQRT)).intoArray(o, oo + i);
            }
            case RECIP -> {
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (; i < ub; i += FL) one.div(FloatVector.fromArray(F, x, xo + i)).intoArray(o, oo + i);
            }
            case EXP -> { CpuMath.expRun(x, xo, o, oo, n); return; }
            case LOG -> { CpuMath.logRun(x, xo, o, oo, n); return; }
            case TANH -> { CpuMath.tanhRun(x, xo, o, oo, n); return; }
            case ERF -> { CpuMath.erfRun(x, xo, o, oo, n); return; }
            case SIGMOID -> { CpuMath.sigmoidRun(x, xo, o, oo, n); return; }
            case GELU -> { CpuMath.geluRun(x, xo, o, oo, n); return; }
            case GELU_TANH -> { CpuMath.geluTanhRun(x, xo, o, oo, n); return; }
            case SILU -> { CpuMath.siluRun(x, xo, o, oo, n); return; }
            // Sine and cosine need a wide range reduction; Math's correctly reduced versions are used lane by lane,
            // as are the ops that have no vector kernel.
            default -> { }
        }
        for (; i < n; i++) o[oo + i] = unaryS(op, x[xo + i]);
    }

    /** float64: cheap ops vectorized; transcendental ones use the reference's double definitions (Math). */
    static double unaryS(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> CpuMath.sign(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case RECIP -> 1.0 / x;
            case RELU -> CpuMath.relu(x);
            default -> ScalarMath.unary(op, x);
        };
    }

    static void unaryD(UnaryOp op, double[] o, int oo, int os, double[] x, int xo, int xs, int n) {
        if (xs == 0 && os == 1) {
            Arrays.fill(o, oo, oo + n, unaryS(op, x[xo]));
            return;
        }
        int i = 0;
        if (os == 1 && xs == 1) {
            int ub = D.loopBound(n);
            switch (op) {
                case NEG -> { for (; i < ub; i += DL) DoubleVector.fromArray(D, x, xo + i).neg().intoArray(o, oo + i); }
                case ABS -> { for (; i < ub; i += DL) DoubleVector.fromArray(D, x, xo + i).abs().intoArray(o, oo + i); }
                case SQRT -> { for (; i < ub; i += DL) DoubleVector.fromArray(D, x, xo + i).lanewise(VectorOperators.SQRT).intoArray(o, oo + i); }
                case RECIP -> { for (; i < ub; i += DL) DoubleVector.broadcast(D, 1.0).div(DoubleVector.fromArray(D, x, xo + i)).intoArray(o, oo + i); }
                case RELU -> { for (; i < ub; i += DL) DoubleVector.fromArray(D, x, xo + i).lanewise(VectorOperators.MAX, 0.0).intoArray(o, oo + i); }
                default -> { }
            }
        }
        for (; i < n; i++) o[oo + i * os] = unaryS(op, x[xo + i * xs]);
    }

    // ---- binary ---------------------------------------------------------------------------------------------------

    void binary(BinaryOp op, View out, View a, View b) {
        CpuLayout l = CpuLayout.of(out.shape(), out, a, b);
        int os = l.innerStride(0), as = l.innerStride(1), bs = l.innerStride(2);
        Object o = arr(out), x = arr(a), y = arr(b);
        DType t = a.dtype();
        assert t.isFloating() || (op != BinaryOp.DIV && op != BinaryOp.POW) : "binary " + op + " on " + t
                + ": core promotes integers first";
        boolean cmp = op.isComparison();
        int cost = op == BinaryOp.POW ? 16 : 1;
        switch (t) {
            case FLOAT32 -> {
                if (cmp) run(l, 1, (p, n) -> CpuBinaryRuns.compare(op, (boolean[]) o, p[0], os, (float[]) x, p[1], as, (float[]) y, p[2], bs, n));
                else run(l, cost, (p, n) -> CpuBinaryRuns.arith(op, (float[]) o, p[0], os, (float[]) x, p[1], as, (float[]) y, p[2], bs, n));
            }
            case FLOAT64 -> {
                if (cmp) run(l, 1, (p, n) -> CpuBinaryRuns64.compare(op, (boolean[]) o, p[0], os, (double[]) x, p[1], as, (double[]) y, p[2], bs, n));
                else run(l, cost, (p, n) -> CpuBinaryRuns64.arith(op, (double[]) o, p[0], os, (double[]) x, p[1], as, (double[]) y, p[2], bs, n));
            }
            case INT32 -> run(l, 1, (p, n) -> {
                int[] u = (int[]) x, v = (int[]) y;
                if (cmp) {
                    boolean[] d = (boolean[]) o;
                    for (int i = 0; i < n; i++) d[p[0] + i * os] = ScalarMath.binary(op, u[p[1] + i * as], v[p[2] + i * bs]) != 0;
                } else {
                    int[] d = (int[]) o;
                    for (int i = 0; i < n; i++) d[p[0] + i * os] = (int) ScalarMath.binary(op, u[p[1] + i * as], v[p[2] + i * bs]);
                }
            });
            case INT64 -> run(l, 1, (p, n) -> {
                long[] u = (long[]) x, v = (long[]) y;
                if (cmp) {
                    boolean[] d = (boolean[]) o;
                    for (int i = 0; i < n; i++) d[p[0] + i * os] = ScalarMath.binary(op, u[p[1] + i * as], v[p[2] + i * bs]) != 0;
                } else {
                    long[] d = (long[]) o;
                    for (int i = 0; i < n; i++) d[p[0] + i * os] = ScalarMath.binary(op, u[p[1] + i * as], v[p[2] + i * bs]);
                }
            });
            // BOOL operands act as 0/1 integers and the result is stored as != 0, as in the reference.
            case BOOL -> run(l, 1, (p, n) -> {
                boolean[] u = (boolean[]) x, v = (boolean[]) y, d = (boolean[]) o;
                for (int i = 0; i < n; i++) {
                    d[p[0] + i * os] = ScalarMath.binary(op, u[p[1] + i * as] ? 1 : 0, v[p[2] + i * bs] ? 1 : 0) != 0;
                }
            });
        }
    }

    // ---- where ----------------------------------------------------------------------------------------------------

    void where(View out, View cond, View a, View b) {
        CpuLayout l = CpuLayout.of(out.shape(), out, cond, a, b);
        int os = l.innerStride(0), cs = l.innerStride(1), as = l.innerStride(2), bs = l.innerStride(3);
        Object o = arr(out), x = arr(a), y = arr(b);
        boolean[] c = (boolean[]) arr(cond);
        switch (out.dtype()) {
            case FLOAT32 -> run(l, 1, (p, n) -> whereF(c, p[1], cs, (float[]) o, p[0], os, (float[]) x, p[2], as, (float[]) y, p[3], bs, n));
            case FLOAT64 -> run(l, 1, (p, n) -> {
                double[] d = (double[]) o, u = (double[]) x, v = (double[]) y;
                for (int i = 0; i < n; i++) d[p[0] + i * os] = c[p[1] + i * cs] ? u[p[2] + i * as] : v[p[3] + i * bs];
            });
            case INT32 -> run(l, 1, (p, n) -> {
                int[] d = (int[]) o, u = (int[]) x, v = (int[]) y;
                for (int i = 0; i < n; i++) d[p[0] + i * os] = c[p[1] + i * cs] ? u[p[2] + i * as] : v[p[3] + i * bs];
            });
            case INT64 -> run(l, 1, (p, n) -> {
                long[] d = (long[]) o, u = (long[]) x, v = (long[]) y;
                for (int i = 0; i < n; i++) d[p[0] + i * os] = c[p[1] + i * cs] ? u[p[2] + i * as] : v[p[3] + i * bs];
            });
            case BOOL -> run(l, 1, (p, n) -> {
                boolean[] d = (boolean[]) o, u = (boolean[]) x, v = (boolean[]) y;
                for (int i = 0; i < n; i++) d[p[0] + i * os] = c[p[1] + i * cs] ? u[p[2] + i * as] : v[p[3] + i * bs];
            });
        }
    }

    static void whereF(boolean[] c, int co, int cs, float[] o, int oo, int os, float[] a, int ao, int as,
                       float[] b, int bo, int bs, int n) {
        int i = 0;
        if (os == 1 && cs == 1 && (as == 1 || as == 0) && (bs == 1 || bs == 0)) {
            int ub = F.loopBound(n);
            if (as == 1 && bs == 1) {
                for (; i < ub; i += FL) {
                    VectorMask<Float> m = VectorMask.fromArray(F, c, co + i);
                    FloatVector.fromArray(F, b, bo + i).blend(FloatVector.fromArray(F, a, ao + i), m).intoArray(o, oo + i);
                }
            } else if (as == 1) {
                FloatVector vb = FloatVector.broadcast(F, b[bo]);
                for (; i < ub; i += FL) {
                    VectorMask<Float> m = VectorMask.fromArray(F, c, co + i);
                    vb.blend(FloatVector.fromArray(F, a, ao + i), m).intoArray(o, oo + i);
                }
            } else if (bs == 1) {
                FloatVector va = FloatVector.broadcast(F, a[ao]);
                for (; i < ub; i += FL) {
                    VectorMask<Float> m = VectorMask.fromArray(F, c, co + i);
                    FloatVector.fromArray(F, b, bo + i).blend(va, m).intoArray(o, oo + i);
                }
            }
        }
        for (; i < n; i++) o[oo + i * os] = c[co + i * cs] ? a[ao + i * as] : b[bo + i * bs];
    }
}
