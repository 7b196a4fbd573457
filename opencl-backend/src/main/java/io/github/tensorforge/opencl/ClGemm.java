package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Coalesced;
import io.github.tensorforge.spi.OpCodes;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import org.jocl.cl_kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Launches matmul.cl: batched, strided GEMM with a register-blocked local-memory tiling, and the fused linear
 * ({@code act(x @ w + bias)}) through the same kernel's epilogue.
 *
 * <p>Tile configurations (work-group WGN x WGM, register block RM x RN per work-item, K step TK):
 * <ul>
 *   <li>GPU: 16x16 work-items, 4x4 accumulators each, 64x64 output tile, TK = 16, float4/double4 panel loads
 *       (8 KiB of local memory in float32). Sized for 256-wide work-groups (AMD's maximum, a multiple of NVIDIA's
 *       32-wide warps and Intel's SIMD widths) and 16 register accumulators per work-item, which keeps occupancy up
 *       on every vendor's GPU.</li>
 *   <li>Devices that cannot run 256 work-items per group (or lack the local memory): 8x8 work-items, 4x4 each,
 *       32x32 tiles.</li>
 *   <li>CPU devices (PoCL): 4x4 work-items with 8x8 blocks (32x32 tiles). PoCL runs a work-group as loops over its
 *       work-items, so few work-items with many accumulators each amortize the panel loads best; measured on PoCL 3.1
 *       (2 cores): 10 GFLOP/s against 3 for the GPU tile and 3.3-5.8 for 8x8x(4x4), 16x16x(2x2), 8x8x(8x8).</li>
 * </ul>
 * {@code tensorforge.opencl.gemm.tile} (or {@code TENSORFORGE_OPENCL_GEMM_TILE}) overrides: "WGM,WGN,RM,RN,TK".
 */
final class ClGemm {
    static final String MATMUL = "matmul.cl";
    private static final int MAX_BATCH_PER_LAUNCH = 65535;

    record Tile(int wgm, int wgn, int rm, int rn, int tk) {
        int tm() { return wgm * rm; }
        int tn() { return wgn * rn; }
        int threads() { return wgm * wgn; }
        long localBytes(int elem) { return (long) tk * (tm() + 1 + tn() + 1) * elem; }
        String options() { return " -DWGM=" + wgm + " -DWGN=" + wgn + " -DRM=" + rm + " -DRN=" + rn + " -DTK=" + tk; }
        @Override public String toString() { return wgm + "x" + wgn + " work-items, " + rm + "x" + rn + " per item, TK=" + tk; }
    }

    static final Tile GPU_TILE = new Tile(16, 16, 4, 4, 16);
    static final Tile CPU_TILE = new Tile(4, 4, 8, 8, 16);
    static final Tile SMALL_TILE = new Tile(8, 8, 4, 4, 16);

    private final ClBackend backend;
    private final ClContext cl;

    ClGemm(ClBackend backend) {
        this.backend = backend;
        this.cl = backend.cl;
    }

    /** Candidate tiles for this device, best first. */
    List<Tile> candidates() {
        List<Tile> list = new ArrayList<>();
        String cfg = ClDevice.config("tensorforge.opencl.gemm.tile");
        if (cfg != null) {
            String[] p = cfg.split(",");
            if (p.length != 5) {
                throw new IllegalArgumentException("opencl: tensorforge.opencl.gemm.tile must be 'WGM,WGN,RM,RN,TK', got '" + cfg + "'");
            }
            Tile t = new Tile(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim()),
                    Integer.parseInt(p[3].trim()), Integer.parseInt(p[4].trim()));
            if (t.tk() % 4 != 0 || (t.tm() * t.tk()) % 4 != 0 || (t.tn() * t.tk()) % 4 != 0) {
                throw new IllegalArgumentException("opencl: tensorforge.opencl.gemm.tile: TK must be a multiple of 4, got " + cfg);
            }
            list.add(t);
        }
        if (cl.device.isGpu()) list.add(GPU_TILE);
        if (cl.device.typeName().equals("CPU")) list.add(CPU_TILE);
        list.add(SMALL_TILE);
        list.add(new Tile(4, 4, 2, 2, 8));
        return list;
    }

    private volatile Tile[] chosen = new Tile[DType.values().length];

    /** The first candidate whose kernel builds and fits this device's work-group and local memory limits. */
    private Tile tileFor(DType t) {
        Tile c = chosen[t.ordinal()];
        if (c != null) return c;
        synchronized (this) {
            if (chosen[t.ordinal()] != null) return chosen[t.ordinal()];
            for (Tile tile : candidates()) {
                if (tile.threads() > cl.device.maxWorkGroupSize() || tile.localBytes(t.byteSize()) > cl.device.localMemSize()) {
                    continue;
                }
                cl_kernel k = cl.kernel(MATMUL, options(t, tile), "gemm");
                if (cl.maxWorkGroup(k) >= tile.threads()) {
                    Tile[] next = chosen.clone();
                    next[t.ordinal()] = tile;
                    chosen = next;
                    return tile;
                }
            }
            throw new ClException("opencl: matmul: no GEMM tile configuration fits device '" + cl.device.name().trim()
                    + "' (max work-group " + cl.device.maxWorkGroupSize() + ", local memory " + cl.device.localMemSize()
                    + " bytes)", 0);
        }
    }

    /** The tile used for dtype t on this device (for reports). */
    Tile tile(DType t) { return tileFor(t); }

    private static String options(DType t, Tile tile) {
        return ClContext.typeOption(t) + tile.options();
    }

    void matmul(View out, View a, View b) {
        matmul(out, a, b, null);
    }

    /** {@code tile}: null for the device's choice; tests pass each configuration to check them all. */
    void matmul(View out, View a, View b, Tile tile) {
        int r = out.rank();
        String name = "matmul " + Arrays.toString(a.shape()) + " x " + Arrays.toString(b.shape());
        if (r < 2 || a.rank() != r || b.rank() != r) {
            throw new IllegalArgumentException("opencl: " + name + ": operands must have the output's rank (>= 2), got "
                    + a + ", " + b + " -> " + out);
        }
        int m = out.shape()[r - 2], n = out.shape()[r - 1], k = a.shape()[r - 1];
        if (a.shape()[r - 2] != m || b.shape()[r - 2] != k || b.shape()[r - 1] != n) {
            throw new IllegalArgumentException("opencl: " + name + ": inner dimensions differ or output shape "
                    + Arrays.toString(out.shape()) + " does not match");
        }
        int[] batchShape = Arrays.copyOf(out.shape(), r - 2);
        for (int d = 0; d < r - 2; d++) {
            if (a.shape()[d] != batchShape[d] || b.shape()[d] != batchShape[d]) {
                throw new IllegalArgumentException("opencl: " + name + ": batch dimensions must equal the output's "
                        + Arrays.toString(batchShape) + " (broadcast arrives as stride 0)");
            }
        }
        int batches = 1;
        for (int s : batchShape) batches *= s;
        Coalesced bc = ClLayout.collapse(batchShape, Arrays.copyOf(a.strides(), r - 2),
                Arrays.copyOf(b.strides(), r - 2));
        launch(name, out, a, b, m, n, k, batches, ClLayout.pack(bc, 0, 0, name), ClLayout.pack(bc, 1, 0, name),
                null, null, tile);
    }

    /** {@code out = act(x @ w + bias)}: x (m, k), w (k, n), bias (n) or null, act an activation or null. */
    void linear(View out, View x, View w, View bias, UnaryOp act) {
        String name = "linear " + Arrays.toString(x.shape()) + " x " + Arrays.toString(w.shape());
        if (x.rank() != 2 || w.rank() != 2 || out.rank() != 2 || x.shape()[1] != w.shape()[0]
                || out.shape()[0] != x.shape()[0] || out.shape()[1] != w.shape()[1]) {
            throw new IllegalArgumentException("opencl: " + name + " -> " + Arrays.toString(out.shape())
                    + ": expected x (m, k), w (k, n), out (m, n)");
        }
        assert act == null || act.isActivation() : "core passes activations only, got " + act;
        if (bias != null && (bias.rank() != 1 || bias.shape()[0] != w.shape()[1])) {
            throw new IllegalArgumentException("opencl: " + name + ": bias must be (" + w.shape()[1] + "), got " + bias);
        }
        int[] none = ClLayout.pack(new int[] {1}, new int[] {0}, 0, name);
        launch(name, out, x, w, x.shape()[0], w.shape()[1], x.shape()[1], 1, none, none, bias, act, null);
    }

    private void launch(String name, View out, View a, View b, int m, int n, int k, int batches, int[] batchA,
                        int[] batchB, View bias, UnaryOp act, Tile forced) {
        DType t = out.dtype();
        if (!t.isFloating() || a.dtype() != t || b.dtype() != t) {
            throw new IllegalArgumentException("opencl: " + name + ": matmul runs on float32 or float64 with one dtype, got "
                    + a.dtype() + " x " + b.dtype() + " -> " + t);
        }
        ClBackend.requireContiguous(out, name);
        cl.requireDType(t, name);
        if ((long) m * n * batches == 0) return;
        int r = a.rank();
        int sam = a.strides()[r - 2], sak = a.strides()[r - 1];
        int sbk = b.strides()[r - 2], sbn = b.strides()[r - 1];
        // A size-1 dimension's stride is arbitrary; normalizing it lets the unit-stride (and vector) paths apply.
        if (k == 1) { sak = 1; sbk = 1; }
        if (m == 1) sam = 1;
        if (n == 1) sbn = 1;
        Tile tile = forced != null ? forced : tileFor(t);
        cl_kernel kern = cl.kernel(MATMUL, options(t, tile), "gemm");
        ClBuffer ob = ClBuffer.of(out, name), ab = ClBuffer.of(a, name), bb = ClBuffer.of(b, name);
        ClBuffer biasBuf = ob;
        int biasOff = 0;
        ClBuffer temp = null;
        try {
            if (bias != null) {
                if (bias.strides()[0] == 1 || bias.shape()[0] == 1) {
                    biasBuf = ClBuffer.of(bias, name);
                    biasOff = bias.offset();
                } else {
                    temp = (ClBuffer) backend.allocate(t, bias.shape()[0]);
                    backend.copy(View.contiguous(temp, bias.shape()[0]), bias);
                    biasBuf = temp;
                }
            }
            int actCode = OpCodes.activation(act);
            long gx = ClContext.ceilDiv(n, tile.tn()) * tile.wgn();
            long gy = ClContext.ceilDiv(m, tile.tm()) * tile.wgm();
            for (int base = 0; base < batches; base += MAX_BATCH_PER_LAUNCH) {
                int count = Math.min(MAX_BATCH_PER_LAUNCH, batches - base);
                cl.launch(name, kern, new long[] {gx, gy, count}, new long[] {tile.wgn(), tile.wgm(), 1},
                        ob, out.offset(), ab, a.offset(), sam, sak, bb, b.offset(), sbk, sbn, m, n, k,
                        batchA, batchB, base, biasBuf, biasOff, bias != null ? 1 : 0, actCode);
            }
        } finally {
            if (temp != null) temp.release(); // OpenCL keeps it alive until the enqueued kernel has run
        }
    }
}
