package io.github.tensorforge.cpu;

import java.util.Random;

/**
 * Checks CpuGemm and CpuGemm64 against a plain triple loop for a few shapes and operand layouts, printing OK or the
 * first mismatch. CpuBackendTest runs it in JVMs with {@code -Dtensorforge.cpu.gemm.bits=512} and {@code 256}, so both
 * tiles (14 x 2 vectors for AVX-512, 6 x 2 for AVX2) are tested on any machine.
 */
public final class GemmProbe {
    private GemmProbe() {}

    public static void main(String[] args) {
        CpuThreadPool pool = new CpuThreadPool(2);
        CpuGemm g32 = new CpuGemm(pool);
        CpuGemm64 g64 = new CpuGemm64(pool);
        System.out.println("tile=" + CpuGemm.MR + "x" + CpuGemm.NR + " tile64=" + CpuGemm64.MR + "x" + CpuGemm64.NR);
        Random r = new Random(5);
        int[][] shapes = {{1, 1, 1}, {9, 33, 5}, {17, 65, 40}, {70, 40, 530}, {29, 65, 900}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int layout = 0; layout < 4; layout++) {
                boolean ta = (layout & 1) != 0, tb = (layout & 2) != 0;
                double[] a = new double[m * k], b = new double[k * n];
                for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
                for (int i = 0; i < b.length; i++) b[i] = r.nextGaussian();
                int ars = ta ? 1 : k, acs = ta ? m : 1, brs = tb ? 1 : n, bcs = tb ? k : 1;
                double[] want = new double[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double acc = 0;
                        for (int p = 0; p < k; p++) acc += a[i * ars + p * acs] * b[p * brs + j * bcs];
                        want[i * n + j] = acc;
                    }
                }
                float[] af = new float[a.length], bf = new float[b.length], cf = new float[m * n];
                for (int i = 0; i < a.length; i++) af[i] = (float) a[i];
                for (int i = 0; i < b.length; i++) bf[i] = (float) b[i];
                double[] cd = new double[m * n];
                g32.gemm(m, n, k, af, 0, ars, acs, bf, 0, brs, bcs, cf, 0, n, false, null, true);
                g64.gemm(m, n, k, a, 0, ars, acs, b, 0, brs, bcs, cd, 0, n, false, null, true);
                for (int i = 0; i < m * n; i++) {
                    double tol = 1e-4 * Math.sqrt(k) + 1e-5;
                    if (Math.abs(cf[i] - want[i]) > tol || Math.abs(cd[i] - want[i]) > 1e-9 * Math.sqrt(k)) {
                        System.out.println("FAIL " + m + "x" + k + "x" + n + " layout " + layout + " at " + i + ": "
                                + cf[i] + " / " + cd[i] + " vs " + want[i]);
                        return;
                    }
                }
            }
        }
        System.out.println("OK");
        pool.shutdown();
    }
}
