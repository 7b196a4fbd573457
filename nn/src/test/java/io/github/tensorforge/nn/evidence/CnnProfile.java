package io.github.tensorforge.nn.evidence;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Profiling run (not a unit test): forward + backward time of 3x3 convolution and 2x2 max-pooling strategies at the
 * shapes of the Fashion-MNIST CNN (batch 64), on the current backend. Arguments: {@code [reps]}.
 */
public final class CnnProfile {
    private CnnProfile() {}

    static int WARMUP = 5;

    /** Flat input position of each (window position kk, window l), or h*w for padding; here without padding. */
    static long[] windowIndex(int h, int w, int k) {
        int oh = h - k + 1, ow = w - k + 1, l = oh * ow;
        long[] idx = new long[k * k * l];
        for (int ki = 0; ki < k; ki++) for (int kj = 0; kj < k; kj++) for (int oi = 0; oi < oh; oi++) for (int oj = 0; oj < ow; oj++) {
            idx[(ki * k + kj) * l + oi * ow + oj] = (long) (oi + ki) * w + oj + kj;
        }
        return idx;
    }

    /** Legacy: gather (N, C, HW) -> (N, C, K, L), batched matmul (O, CK) x (N, CK, L). */
    static Tensor convLegacy(Tensor x, Tensor w, Tensor b, Tensor idxKL) {
        int n = x.shape(0), c = x.shape(1), h = x.shape(2), wd = x.shape(3), o = w.shape(0), k = w.shape(2);
        int oh = h - k + 1, ow = wd - k + 1;
        Tensor cols = x.reshape(n, c, h * wd).indexSelect(2, idxKL).reshape(n, c * k * k, oh * ow);
        return w.reshape(o, c * k * k).matmul(cols).add(b.reshape(o, 1)).reshape(n, o, oh, ow);
    }

    /** Rows: gather (N, C*H*W) with an (L, C*K) index -> (N*L, CK), one GEMM with W^T, permute back. */
    static Tensor convRows(Tensor x, Tensor w, Tensor b, Tensor idxLCK) {
        int n = x.shape(0), c = x.shape(1), h = x.shape(2), wd = x.shape(3), o = w.shape(0), k = w.shape(2);
        int oh = h - k + 1, ow = wd - k + 1;
        Tensor cols = x.reshape(n, c * h * wd).indexSelect(1, idxLCK).reshape(n * oh * ow, c * k * k);
        Tensor y = cols.matmul(w.reshape(o, c * k * k).transpose(0, 1)).add(b);
        return y.reshape(n, oh, ow, o).permute(0, 3, 1, 2);
    }

    /** Slices: one strided slice per kernel position, stacked, batched matmul (what nn's Im2Col.unfold does). */
    static Tensor convSlices(Tensor x, Tensor w, Tensor b) {
        int n = x.shape(0), c = x.shape(1), h = x.shape(2), wd = x.shape(3), o = w.shape(0), k = w.shape(2);
        int oh = h - k + 1, ow = wd - k + 1;
        Tensor[] parts = new Tensor[k * k];
        for (int ki = 0; ki < k; ki++) for (int kj = 0; kj < k; kj++) parts[ki * k + kj] = x.slice(2, ki, ki + oh).slice(3, kj, kj + ow);
        Tensor cols = Tensor.stack(List.of(parts), 2).reshape(n, c * k * k, oh * ow);
        return w.reshape(o, c * k * k).matmul(cols).add(b.reshape(o, 1)).reshape(n, o, oh, ow);
    }

    static long[] rowIndex(int c, int h, int w, int k) {
        int oh = h - k + 1, ow = w - k + 1, l = oh * ow, ck = c * k * k;
        long[] idx = new long[l * ck];
        for (int oi = 0; oi < oh; oi++) for (int oj = 0; oj < ow; oj++) for (int ci = 0; ci < c; ci++)
            for (int ki = 0; ki < k; ki++) for (int kj = 0; kj < k; kj++) {
                idx[(oi * ow + oj) * ck + (ci * k + ki) * k + kj] = (long) ci * h * w + (long) (oi + ki) * w + oj + kj;
            }
        return idx;
    }

    static Tensor poolLegacy(Tensor x, Tensor idx) {
        int n = x.shape(0), c = x.shape(1), h = x.shape(2), w = x.shape(3);
        return x.reshape(n, c, h * w).indexSelect(2, idx).max(2, false).reshape(n, c, h / 2, w / 2);
    }

    static long[] poolIndex(int h, int w) {
        int oh = h / 2, ow = w / 2, l = oh * ow;
        long[] idx = new long[4 * l];
        for (int ki = 0; ki < 2; ki++) for (int kj = 0; kj < 2; kj++) for (int oi = 0; oi < oh; oi++) for (int oj = 0; oj < ow; oj++) {
            idx[(ki * 2 + kj) * l + oi * ow + oj] = (long) (2 * oi + ki) * w + 2 * oj + kj;
        }
        return idx;
    }

    static Tensor poolReshape(Tensor x) {
        int n = x.shape(0), c = x.shape(1), h = x.shape(2), w = x.shape(3), oh = h / 2, ow = w / 2;
        Tensor t = x;
        if (h != 2 * oh) t = t.slice(2, 0, 2 * oh);
        if (w != 2 * ow) t = t.slice(3, 0, 2 * ow);
        return t.reshape(n, c, oh, 2, ow, 2).max(new int[] {3, 5}, false);
    }

    static void time(String name, int reps, Tensor in, Function<Tensor, Tensor> f) {
        double fwd = 0, both = 0;
        for (int r = 0; r < reps + WARMUP; r++) {
            try (var s = TensorScope.open()) {
                Tensor x = in.detach().requiresGrad();
                long t0 = System.nanoTime();
                Tensor y = f.apply(x);
                Tensor loss = y.sum();
                loss.item();
                long t1 = System.nanoTime();
                loss.backward();
                x.grad().sum().item();
                long t2 = System.nanoTime();
                if (r >= WARMUP) {
                    fwd += (t1 - t0) / 1e6;
                    both += (t2 - t0) / 1e6;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-34s forward %7.2f ms, forward+backward %7.2f ms%n", name, fwd / reps, both / reps);
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        if (args.length > 1) WARMUP = Integer.parseInt(args[1]);
        System.out.println("backend " + Backends.current().name());
        Rng rng = new Rng(3);
        int n = 64;
        int[][] convs = {{1, 28, 16}, {16, 13, 32}};
        for (int[] cfg : convs) {
            int c = cfg[0], hw = cfg[1], o = cfg[2];
            Tensor x = Tensor.randn(rng, n, c, hw, hw);
            Tensor w = Tensor.randn(rng, o, c, 3, 3).requiresGrad();
            Tensor b = Tensor.randn(rng, o).requiresGrad();
            Tensor iKL = Tensor.on(Backends.current()).of(windowIndex(hw, hw, 3), 9, (hw - 2) * (hw - 2));
            Tensor iLCK = Tensor.on(Backends.current()).of(rowIndex(c, hw, hw, 3), (hw - 2) * (hw - 2), c * 9);
            String s = "conv " + c + "->" + o + " " + hw + "x" + hw;
            time(s + " legacy", reps, x, t -> convLegacy(t, w, b, iKL));
            time(s + " rows", reps, x, t -> convRows(t, w, b, iLCK));
            time(s + " slices", reps, x, t -> convSlices(t, w, b));
        }
        int[][] pools = {{16, 26}, {32, 11}};
        for (int[] cfg : pools) {
            int c = cfg[0], hw = cfg[1];
            Tensor x = Tensor.randn(rng, n, c, hw, hw);
            Tensor idx = Tensor.on(Backends.current()).of(poolIndex(hw, hw), 4, (hw / 2) * (hw / 2));
            String s = "maxpool2 " + c + "x" + hw + "x" + hw;
            time(s + " legacy", reps, x, t -> poolLegacy(t, idx));
            time(s + " reshape", reps, x, CnnProfile::poolReshape);
        }
        {   // pieces of the 16 -> 32 convolution at 13x13
            Tensor x = Tensor.randn(rng, n, 16, 169);
            Tensor iKL = Tensor.on(Backends.current()).of(windowIndex(13, 13, 3), 9, 121);
            time("  gather (64,16,169)->(64,16,9,121)", reps, x, t -> t.indexSelect(2, iKL));
            Tensor w = Tensor.randn(rng, 32, 144).requiresGrad();
            Tensor cols = Tensor.randn(rng, n, 144, 121);
            time("  bmm (32,144)x(64,144,121)", reps, cols, t -> w.matmul(t));
            Tensor rows = Tensor.randn(rng, n * 121, 144);
            time("  mm (7744,144)x(144,32)", reps, rows, t -> t.matmul(w.transpose(0, 1)));
            Tensor y = Tensor.randn(rng, n, 32, 121);
            Tensor b = Tensor.randn(rng, 32, 1).requiresGrad();
            time("  add bias (64,32,121)+(32,1)", reps, y, t -> t.add(b));
            Tensor p = Tensor.randn(rng, n, 11, 11, 32);
            time("  permute(0,3,1,2).contiguous", reps, p, t -> t.permute(0, 3, 1, 2).contiguous());
            Tensor q = Tensor.randn(rng, n, 32, 11, 11);
            time("  max over axes {3,5} of (64,32,5,2,5,2)", reps, q, t -> t.slice(2, 0, 10).slice(3, 0, 10).reshape(n, 32, 5, 2, 5, 2).max(new int[] {3, 5}, false));
            time("  slice+reshape copy only", reps, q, t -> t.slice(2, 0, 10).slice(3, 0, 10).reshape(n, 32, 5, 2, 5, 2));
        }
        Tensor a = Tensor.randn(rng, n * 26 * 26, 9), bm = Tensor.randn(rng, 9, 16);
        time("matmul (43264x9)x(9x16)", reps, a, t -> t.matmul(bm));
        Tensor r = Tensor.randn(rng, n, 16, 26, 26);
        time("relu 64x16x26x26", reps, r, Tensor::relu);
    }
}
