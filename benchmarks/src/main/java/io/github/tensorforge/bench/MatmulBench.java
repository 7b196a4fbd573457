package io.github.tensorforge.bench;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.Backend;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_FDRM;
import org.ejml.dense.row.RandomMatrices_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R032Store;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Float32 GEMM through the public API ({@code a.matmul(b)}) on every backend, with EJML (multi-threaded row-major
 * kernels) and ojalgo as Java peers in the same run. Score: matrix products per second; the report turns it into
 * GFLOP/s with {@code 2 m n k} flops per product.
 *
 * <p>{@code square}: n x n times n x n. {@code shape}: the MLP training shapes "MxKxN[:layout]" where layout nn is
 * A(MxK) B(KxN), nt is A times B transposed (B stored NxK, the dX = dY W^T product of backward) and tn is A transposed
 * times B (A stored KxM, the dW = X^T dY product). Transposed operands reach the kernel as strides, as in training.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchSupport.VECTOR_MODULE})
public class MatmulBench {

    /** One GEMM case, parsed from the "MxKxN[:layout]" spec or a square size. */
    record Gemm(int m, int k, int n, boolean transA, boolean transB) {
        static Gemm square(int n) { return new Gemm(n, n, n, false, false); }

        static Gemm parse(String spec) {
            String[] parts = spec.trim().toLowerCase(java.util.Locale.ROOT).split(":");
            String[] dims = parts[0].split("x");
            if (dims.length != 3) {
                throw new IllegalArgumentException("matmul shape '" + spec + "' must be MxKxN with an optional :nn, :nt or :tn");
            }
            String layout = parts.length > 1 ? parts[1] : "nn";
            if (!layout.equals("nn") && !layout.equals("nt") && !layout.equals("tn")) {
                throw new IllegalArgumentException("matmul shape '" + spec + "': layout must be nn, nt or tn");
            }
            return new Gemm(Integer.parseInt(dims[0]), Integer.parseInt(dims[1]), Integer.parseInt(dims[2]),
                    layout.equals("tn"), layout.equals("nt"));
        }

        /** Stored shape of A: KxM when transposed, else MxK. */
        int[] aStored() { return transA ? new int[] {k, m} : new int[] {m, k}; }

        int[] bStored() { return transB ? new int[] {n, k} : new int[] {k, n}; }
    }

    /** Tensor operands on one backend; A and B are stored as the layout says and transposed as views. */
    public abstract static class TensorGemm {
        Backend device;
        Tensor aStored, bStored, a, b;

        void create(String backendName, Gemm g) {
            device = BenchSupport.backend(backendName);
            aStored = BenchSupport.randn(device, 1, g.aStored());
            bStored = BenchSupport.randn(device, 2, g.bStored());
            a = g.transA() ? aStored.t() : aStored;
            b = g.transB() ? bStored.t() : bStored;
        }

        Tensor run() {
            Tensor c = a.matmul(b);
            device.synchronize();
            return c;
        }

        @TearDown(Level.Trial)
        public void close() {
            // Views first: each holds a reference to the stored buffer.
            BenchSupport.closeAll(a == aStored ? null : a, b == bStored ? null : b, aStored, bStored);
        }
    }

    @State(Scope.Thread)
    public static class Square extends TensorGemm {
        @Param({"cpu", "reference", "opencl", "cuda"}) public String backend;
        @Param({"128", "256", "512", "1024", "2048"}) public int n;

        @Setup(Level.Trial)
        public void setUp() { create(backend, Gemm.square(n)); }
    }

    @State(Scope.Thread)
    public static class Shape extends TensorGemm {
        @Param({"cpu", "reference", "opencl", "cuda"}) public String backend;
        @Param({"128x784x512", "128x512x784:nt", "784x128x512:tn", "128x512x256", "128x256x512:nt", "512x128x256:tn"})
        public String shape;

        @Setup(Level.Trial)
        public void setUp() { create(backend, Gemm.parse(shape)); }
    }

    /** EJML operands; C is preallocated (EJML's API writes into it). */
    public abstract static class EjmlGemm {
        FMatrixRMaj a, b, c;
        Gemm g;

        void create(Gemm gemm) {
            g = gemm;
            Random rnd = new Random(3);
            int[] as = g.aStored(), bs = g.bStored();
            a = RandomMatrices_FDRM.rectangle(as[0], as[1], -1f, 1f, rnd);
            b = RandomMatrices_FDRM.rectangle(bs[0], bs[1], -1f, 1f, rnd);
            c = new FMatrixRMaj(g.m(), g.n());
        }

        FMatrixRMaj run() {
            if (g.transA()) CommonOps_MT_FDRM.multTransA(a, b, c);
            else if (g.transB()) CommonOps_MT_FDRM.multTransB(a, b, c);
            else CommonOps_MT_FDRM.mult(a, b, c);
            return c;
        }
    }

    @State(Scope.Thread)
    public static class EjmlSquare extends EjmlGemm {
        @Param({"128", "256", "512", "1024", "2048"}) public int n;

        @Setup(Level.Trial)
        public void setUp() { create(Gemm.square(n)); }
    }

    @State(Scope.Thread)
    public static class EjmlShape extends EjmlGemm {
        @Param({"128x784x512", "128x512x784:nt", "784x128x512:tn", "128x512x256", "128x256x512:nt", "512x128x256:tn"})
        public String shape;

        @Setup(Level.Trial)
        public void setUp() { create(Gemm.parse(shape)); }
    }

    /** ojalgo float32 stores; C is preallocated and filled with {@code fillByMultiplying}. */
    public abstract static class OjalgoGemm {
        MatrixStore<Double> a, b;
        R032Store c;

        void create(Gemm g) {
            Random rnd = new Random(4);
            int[] as = g.aStored(), bs = g.bStored();
            R032Store aS = randomStore(as[0], as[1], rnd), bS = randomStore(bs[0], bs[1], rnd);
            a = g.transA() ? aS.transpose() : aS;
            b = g.transB() ? bS.transpose() : bS;
            c = R032Store.FACTORY.make(g.m(), g.n());
        }

        private static R032Store randomStore(int rows, int cols, Random rnd) {
            R032Store s = R032Store.FACTORY.make(rows, cols);
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) s.set(i, j, rnd.nextFloat() * 2 - 1);
            return s;
        }

        R032Store run() {
            c.fillByMultiplying(a, b);
            return c;
        }
    }

    @State(Scope.Thread)
    public static class OjalgoSquare extends OjalgoGemm {
        @Param({"128", "256", "512", "1024", "2048"}) public int n;

        @Setup(Level.Trial)
        public void setUp() { create(Gemm.square(n)); }
    }

    @State(Scope.Thread)
    public static class OjalgoShape extends OjalgoGemm {
        @Param({"128x784x512", "128x512x784:nt", "784x128x512:tn", "128x512x256", "128x256x512:nt", "512x128x256:tn"})
        public String shape;

        @Setup(Level.Trial)
        public void setUp() { create(Gemm.parse(shape)); }
    }

    @Benchmark
    public float square(Square s) {
        try (Tensor c = s.run()) {
            return c.numel();
        }
    }

    @Benchmark
    public float shape(Shape s) {
        try (Tensor c = s.run()) {
            return c.numel();
        }
    }

    @Benchmark
    public FMatrixRMaj square_ejml(EjmlSquare s) { return s.run(); }

    @Benchmark
    public FMatrixRMaj shape_ejml(EjmlShape s) { return s.run(); }

    @Benchmark
    public R032Store square_ojalgo(OjalgoSquare s) { return s.run(); }

    @Benchmark
    public R032Store shape_ojalgo(OjalgoShape s) { return s.run(); }
}
