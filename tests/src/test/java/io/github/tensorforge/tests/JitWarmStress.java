package io.github.tensorforge.tests;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.AdamStep;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.FusedKernels;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Run in a child JVM by {@link JitWarmStressTest}: calls every kernel of the op table (every {@link UnaryOp},
 * {@link BinaryOp} and {@link ReduceOp}, where, matmul, gather, scatter-add, fill, copy and each fused kernel) on
 * float32 and float64, with contiguous, strided and broadcast-scalar (stride 0) operands, all interleaved as in
 * training, for enough rounds that C2 compiles the kernels. The results of the last round must equal those of the
 * first (run interpreted or by C1): compiling a kernel must not change what it computes. Prints one line per
 * backend and exits 1 on a difference; a JIT bug that crashes the JVM ends it with the crash report instead.
 *
 * <p>Arguments: the number of rounds, then the backend names.
 */
public final class JitWarmStress {
    private JitWarmStress() {}

    /** Elements of a 1-D operand: not a multiple of any vector length, so every vector loop also runs its tail. */
    static final int N = 67;

    /** One kernel call: writes a fresh output buffer, which the caller downloads (or not) and releases. */
    interface Call {
        Buffer run();
    }

    record Case(String name, DType dtype, Call call) {}

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        boolean failed = false;
        for (String name : Arrays.copyOfRange(args, 1, args.length)) {
            Backend b = Backends.get(name);
            List<Case> cases = new ArrayList<>();
            for (DType dt : List.of(DType.FLOAT32, DType.FLOAT64)) cases.addAll(cases(b, dt));
            Object[] cold = new Object[cases.size()];
            for (int i = 0; i < cases.size(); i++) cold[i] = result(b, cases.get(i));
            for (int r = 1; r < rounds - 1; r++) {
                for (Case c : cases) c.call().run().release();
            }
            int mismatches = 0;
            for (int i = 0; i < cases.size(); i++) {
                Object warm = result(b, cases.get(i));
                String diff = difference(cold[i], warm);
                if (diff != null) {
                    mismatches++;
                    System.out.println("MISMATCH " + name + " " + cases.get(i).name() + " " + cases.get(i).dtype()
                            + " after " + rounds + " rounds: " + diff);
                }
            }
            System.out.println((mismatches == 0 ? "OK " : "FAILED ") + name + " cases=" + cases.size() + " rounds=" + rounds
                    + " mismatches=" + mismatches);
            failed |= mismatches > 0;
        }
        System.exit(failed ? 1 : 0);
    }

    private static Object result(Backend b, Case c) {
        Buffer out = c.call().run();
        try {
            return b.download(out);
        } finally {
            out.release();
        }
    }

    /**
     * Null when the two downloads are bit for bit the same (NaN only where the other is NaN): a compiled kernel must
     * give what the interpreted one gave, or a run's results would depend on how warm the JIT was (a resumed
     * training's evaluation loss once differed in its last bit from the uninterrupted run's).
     */
    static String difference(Object cold, Object warm) {
        return difference(cold, warm, "first round", "last round", 0, 0);
    }

    /**
     * Null when {@code actual} equals {@code expected} to {@code floatTol} relative (float32 results; float64 to 1e-12),
     * NaN only where {@code expected} is NaN; else the first difference, with the two named.
     */
    static String difference(Object expected, Object actual, String expectedName, String actualName, double floatTol) {
        return difference(expected, actual, expectedName, actualName, floatTol, 1e-12);
    }

    private static String difference(Object expected, Object actual, String expectedName, String actualName,
                                     double floatTol, double doubleTol) {
        double[] x = doubles(expected), y = doubles(actual);
        if (x.length != y.length) return "sizes " + x.length + " and " + y.length;
        double tol = expected instanceof float[] ? floatTol : doubleTol;
        for (int i = 0; i < x.length; i++) {
            boolean same = Double.isNaN(x[i]) ? Double.isNaN(y[i])
                    : x[i] == y[i] || Math.abs(x[i] - y[i]) <= tol * Math.max(1, Math.abs(x[i]));
            if (!same) return "element " + i + ": " + expectedName + " " + x[i] + ", " + actualName + " " + y[i];
        }
        return null;
    }

    /** A downloaded float, double, long or boolean array as doubles. */
    private static double[] doubles(Object host) {
        if (host instanceof double[] d) return d;
        if (host instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) d[i] = f[i];
            return d;
        }
        if (host instanceof long[] l) return Arrays.stream(l).asDoubleStream().toArray();
        if (host instanceof boolean[] z) {
            double[] d = new double[z.length];
            for (int i = 0; i < z.length; i++) d[i] = z[i] ? 1 : 0;
            return d;
        }
        throw new IllegalArgumentException("unexpected download " + host.getClass().getSimpleName());
    }

    // ---- the cases ---------------------------------------------------------------------------------------------

    /** Every kernel call of one floating dtype on backend {@code b}. */
    static List<Case> cases(Backend b, DType dt) {
        Operands in = new Operands(b, dt);
        List<Case> cases = new ArrayList<>();
        String[] names = {"contiguous", "strided", "scalar"};
        View[] xs = {in.x, in.xStrided, in.xScalar}, ys = {in.y, in.yStrided, in.yScalar};

        for (UnaryOp op : UnaryOp.values()) {
            for (int l = 0; l < xs.length; l++) {
                View x = xs[l];
                cases.add(new Case("unary " + op + " " + names[l], dt, () -> in.into(dt, N, out -> b.unary(op, out, x))));
            }
        }
        int[][] pairs = {{0, 0}, {0, 2}, {2, 0}, {1, 0}, {0, 1}, {1, 1}, {2, 2}, {1, 2}};
        for (BinaryOp op : BinaryOp.values()) {
            DType outType = op.isComparison() ? DType.BOOL : dt;
            for (int[] p : pairs) {
                View x = xs[p[0]], y = ys[p[1]];
                cases.add(new Case("binary " + op + " " + names[p[0]] + "/" + names[p[1]], dt,
                        () -> in.into(outType, N, out -> b.binary(op, out, x, y))));
            }
        }
        for (int[] p : new int[][] {{0, 0}, {0, 2}, {2, 0}, {1, 1}}) {
            View x = xs[p[0]], y = ys[p[1]];
            cases.add(new Case("where " + names[p[0]] + "/" + names[p[1]], dt, () -> in.into(dt, N, out -> b.where(out, in.cond, x, y))));
        }
        View[] grids = {in.grid, in.gridTransposed};
        for (ReduceOp op : ReduceOp.values()) {
            boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
            int[][] axesSets = arg ? new int[][] {{0}, {1}} : new int[][] {{0}, {1}, {0, 1}};
            for (int g = 0; g < grids.length; g++) {
                View x = grids[g];
                for (int[] axes : axesSets) {
                    int[] shape = x.shape().clone();
                    for (int a : axes) shape[a] = 1;
                    cases.add(new Case("reduce " + op + " " + Arrays.toString(axes) + (g == 0 ? "" : " transposed"), dt,
                            () -> in.into(arg ? DType.INT64 : dt, shape, out -> b.reduce(op, out, x, axes))));
                }
            }
        }
        // whole runs long enough for the vector loops (the grids' rows are shorter than two vectors)
        for (ReduceOp op : List.of(ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN)) {
            cases.add(new Case("reduce " + op + " of " + N, dt, () -> in.into(dt, new int[] {1}, out -> b.reduce(op, out, in.x, new int[] {0}))));
            cases.add(new Case("reduce " + op + " rows of " + N, dt, () -> in.into(dt, new int[] {5, 1}, out -> b.reduce(op, out, in.m, new int[] {1}))));
        }
        cases.add(new Case("matmul", dt, () -> in.into(dt, new int[] {5, 6}, out -> b.matmul(out, in.a, in.w))));
        cases.add(new Case("matmul transposed", dt, () -> in.into(dt, new int[] {5, 6}, out -> b.matmul(out, in.a, in.wTransposed))));
        cases.add(new Case("gather axis 0", dt, () -> in.into(dt, new int[] {4, 13}, out -> b.gather(out, in.grid, in.rows, 0))));
        cases.add(new Case("gather axis 1", dt, () -> in.into(dt, new int[] {7, 4}, out -> b.gather(out, in.grid, in.cols, 1))));
        cases.add(new Case("scatterAdd", dt, () -> in.into(dt, new int[] {7, 13}, out -> {
            b.fill(out, 0.5);
            b.scatterAdd(out, in.rows, in.rowsSrc, 0);
        })));
        cases.add(new Case("fill", dt, () -> in.into(dt, N, out -> b.fill(out, 1.5))));
        cases.add(new Case("copy strided", dt, () -> in.into(dt, N, out -> b.copy(out, in.xStrided))));
        DType other = dt == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        cases.add(new Case("copy to " + other, dt, () -> in.into(other, N, out -> b.copy(out, in.xStrided))));
        FusedKernels f = b.fused();
        if (f != null) fusedCases(b, f, dt, in, cases);
        return cases;
    }

    private static void fusedCases(Backend b, FusedKernels f, DType dt, Operands in, List<Case> cases) {
        int[] rows = {5, N}, stats = {5};
        for (boolean log : new boolean[] {false, true}) {
            String name = log ? "logSoftmax" : "softmax";
            cases.add(new Case(name, dt, () -> in.into(dt, rows, out -> f.softmax(out, in.m, log))));
            cases.add(new Case(name + " backward", dt, () -> in.into(dt, rows, out -> f.softmaxBackward(out, in.m, in.m2, log))));
        }
        cases.add(new Case("layerNorm", dt, () -> in.into(dt, rows, out -> {
            Buffer mean = b.allocate(dt, 5), rstd = b.allocate(dt, 5);
            f.layerNorm(out, View.contiguous(mean, stats), View.contiguous(rstd, stats), in.m, in.gamma, in.beta, 1e-5);
            mean.release();
            rstd.release();
        })));
        cases.add(new Case("layerNorm backward", dt, () -> in.into(dt, rows, gradX -> {
            Buffer y = b.allocate(dt, 5 * N), mean = b.allocate(dt, 5), rstd = b.allocate(dt, 5);
            Buffer gg = b.allocate(dt, N), gb = b.allocate(dt, N);
            View vm = View.contiguous(mean, stats), vr = View.contiguous(rstd, stats);
            f.layerNorm(View.contiguous(y, rows), vm, vr, in.m, in.gamma, in.beta, 1e-5);
            f.layerNormBackward(gradX, View.contiguous(gg, N), View.contiguous(gb, N), in.m2, in.m, vm, vr, in.gamma);
            for (Buffer t : List.of(y, mean, rstd, gg, gb)) t.release();
        })));
        for (UnaryOp act : UnaryOp.values()) {
            if (!act.isActivation()) continue;
            cases.add(new Case("activationBackward " + act, dt, () -> in.into(dt, rows, out -> f.activationBackward(act, out, in.m, in.m2))));
            cases.add(new Case("linear " + act, dt, () -> in.into(dt, new int[] {5, 6}, out -> f.linear(out, in.a, in.w, in.bias, act))));
        }
        cases.add(new Case("linear", dt, () -> in.into(dt, new int[] {5, 6}, out -> f.linear(out, in.a, in.wTransposed, in.bias, null))));
        cases.add(new Case("adamStep", dt, () -> in.into(dt, rows, param -> {
            Buffer m = b.allocate(dt, 5 * N), v = b.allocate(dt, 5 * N);
            b.copy(param, in.m);
            b.copy(View.contiguous(m, rows), in.m2);
            b.copy(View.contiguous(v, rows), in.m);
            f.adamStep(param, in.m2, View.contiguous(m, rows), View.contiguous(v, rows), null,
                    new AdamStep(1e-2, 0.9, 0.999, 1e-8, 0.01, true, 3));
            m.release();
            v.release();
        })));
        cases.add(new Case("dropout", dt, () -> in.into(dt, rows, out -> f.dropout(out, in.m, 1234L, 0.3))));
    }

    /** The input views of one dtype, made once; values repeat, so comparisons also meet ties. */
    static final class Operands {
        final Backend b;
        final DType dtype;
        final View x, xStrided, xScalar, y, yStrided, yScalar, cond;
        final View grid, gridTransposed, a, w, wTransposed, bias, rows, cols, rowsSrc, m, m2, gamma, beta;

        Operands(Backend b, DType dt) {
            this.b = b;
            this.dtype = dt;
            x = view(values(N, 37, 23), N);
            y = view(values(N, 11, 19), N);
            xStrided = strided(values(2 * N + 1, 29, 17));
            yStrided = strided(values(2 * N + 1, 13, 23));
            xScalar = scalar(1.375);
            yScalar = scalar(0.625);
            boolean[] c = new boolean[N];
            for (int i = 0; i < N; i++) c[i] = i % 3 == 0;
            Buffer cb = b.allocate(DType.BOOL, N);
            b.upload(cb, c);
            cond = View.contiguous(cb, N);
            grid = view(values(91, 7, 13), 7, 13);
            gridTransposed = new View(view(values(91, 5, 11), 13, 7).buffer(), dt, new int[] {7, 13}, new int[] {1, 7}, 0);
            a = view(values(20, 3, 7), 5, 4);
            w = view(values(24, 5, 9), 4, 6);
            wTransposed = new View(view(values(24, 7, 5), 6, 4).buffer(), dt, new int[] {4, 6}, new int[] {1, 4}, 0);
            bias = view(values(6, 3, 5), 6);
            rows = indices(0, 3, 3, 6);
            cols = indices(0, 5, 5, 12);
            rowsSrc = view(values(52, 9, 11), 4, 13);
            m = view(values(5 * N, 31, 29), 5, N);
            m2 = view(values(5 * N, 17, 13), 5, N);
            gamma = view(values(N, 19, 7), N);
            beta = view(values(N, 23, 11), N);
        }

        /**
         * {@code 0.25 + ((i * step) mod period) / 7}: values in [0.25, 0.25 + period / 7), repeating. Sevenths are not
         * binary fractions, so sums round, and a kernel whose summation order changes once compiled is caught.
         */
        static double[] values(int n, int step, int period) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = 0.25 + ((long) i * step % period) / 7.0;
            return v;
        }

        private Buffer buffer(double[] v) {
            Buffer buf = b.allocate(dtype, v.length);
            if (dtype == DType.FLOAT32) {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
                b.upload(buf, f);
            } else {
                b.upload(buf, v);
            }
            return buf;
        }

        View view(double[] v, int... shape) { return View.contiguous(buffer(v), shape); }

        /** A 1-D view of N elements at stride 2 from offset 1. */
        View strided(double[] v) { return new View(buffer(v), dtype, new int[] {N}, new int[] {2}, 1); }

        /** A 1-D view of N elements that all read one value (stride 0), as broadcasting makes them. */
        View scalar(double s) { return new View(buffer(new double[] {s}), dtype, new int[] {N}, new int[] {0}, 0); }

        View indices(long... idx) {
            Buffer buf = b.allocate(DType.INT64, idx.length);
            b.upload(buf, idx);
            return View.contiguous(buf, idx.length);
        }

        Buffer into(DType outType, int n, Consumer<View> kernel) { return into(outType, new int[] {n}, kernel); }

        /** Allocates an output of {@code shape}, runs {@code kernel} into it, and returns its buffer. */
        Buffer into(DType outType, int[] shape, Consumer<View> kernel) {
            Buffer out = b.allocate(outType, Arrays.stream(shape).reduce(1, (p, q) -> p * q));
            kernel.accept(View.contiguous(out, shape));
            return out;
        }
    }
}
