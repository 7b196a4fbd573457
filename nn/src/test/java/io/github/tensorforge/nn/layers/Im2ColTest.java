package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The slice-based im2col against the gather-based one: same windows and same input gradient. */
class Im2ColTest {
    @Test void slicesMatchGather() {
        int[][] cases = { // n, c, h, w, kh, kw, sh, sw, ph, pw
            {2, 3, 6, 7, 3, 3, 1, 1, 0, 0}, {1, 2, 5, 5, 3, 3, 2, 2, 1, 1}, {2, 1, 7, 6, 2, 3, 2, 1, 1, 0},
            {1, 2, 4, 4, 2, 2, 2, 2, 0, 0}, {1, 1, 3, 3, 3, 3, 1, 1, 1, 1}};
        for (int[] k : cases) {
            for (double pad : new double[] {0.0, -7.5}) {
                try (var scope = TensorScope.open()) {
                    Tensor x1 = Tensor.randn(new Rng(k[2] * 31L + k[4]), k[0], k[1], k[2], k[3]).to(DType.FLOAT64).requiresGrad();
                    Tensor x2 = x1.detach().requiresGrad();
                    Tensor a = Im2Col.unfold("t", x1, k[4], k[5], k[6], k[7], k[8], k[9], pad);
                    Tensor b = Im2Col.unfoldGather("t", x2, k[4], k[5], k[6], k[7], k[8], k[9], pad);
                    String what = java.util.Arrays.toString(k) + " pad " + pad;
                    assertArrayEquals(b.shape(), a.shape(), what);
                    assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), 0.0, what);
                    Tensor up = Tensor.randn(new Rng(5), a.shape()).to(DType.FLOAT64);
                    a.mul(up).sum().backward();
                    b.mul(up).sum().backward();
                    assertArrayEquals(x2.grad().toDoubleArray(), x1.grad().toDoubleArray(), 1e-12, "gradient " + what);
                }
            }
        }
    }
}
