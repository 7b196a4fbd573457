package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.Backend;
import io.github.tensorforge.spi.UnaryOp;

import java.util.Arrays;

/**
 * Composites (softmax, log-softmax, layer norm, cross-entropy, MSE, dropout, linear) against the reference backend,
 * with the backend's fused kernels enabled (the default), so fused kernels are checked against the oracle too.
 */
class CompositeConformanceTest {

    @BackendTest
    void softmaxAndLogSoftmax(String name) {
        Backend b = Conformance.backend(name);
        double inf = Double.POSITIVE_INFINITY;
        for (DType dt : Layouts.floats(b)) {
            for (int n : new int[] {1, 7, 17, 1023}) {
                In x = In.randn(dt, 3, 3, n);
                Check.forward(b, "softmax last axis n=" + n, Tol.REDUCTION, xs -> xs[0].softmax(-1), x);
                Check.forward(b, "logSoftmax last axis n=" + n, Tol.REDUCTION, xs -> xs[0].logSoftmax(-1), x);
            }
            In x = In.randn(dt, 4, 5, 6);
            for (int axis = 0; axis < 3; axis++) {
                int a = axis;
                Check.forward(b, "softmax axis " + a, Tol.REDUCTION, xs -> Functional.softmax(xs[0], a), x);
                Check.forward(b, "logSoftmax axis " + a, Tol.REDUCTION, xs -> Functional.logSoftmax(xs[0], a), x);
            }
            Check.forward(b, "softmax transposed", Tol.REDUCTION, xs -> xs[0].softmax(-1), In.transposed(In.randn(dt, 9, 13)));
            Check.forward(b, "softmax 0-d", Tol.REDUCTION, xs -> xs[0].softmax(0), In.randn(dt));
            Check.forward(b, "logSoftmax 1-D", Tol.REDUCTION, xs -> xs[0].logSoftmax(0), In.randn(dt, 17));
            Check.forward(b, "softmax empty rows", Tol.REDUCTION, xs -> xs[0].softmax(-1), In.randn(dt, 0, 5));
            Check.forward(b, "softmax large logits", Tol.REDUCTION, xs -> xs[0].softmax(-1), In.randn(dt, 1000.0, 4, 9));
            double[] v = {-inf, 0, 1, -inf, 1000, -1000, 1e30, 1e30, -inf, -inf, -inf, -inf, 3, Double.NaN, 1, 2};
            Check.forward(b, "softmax -inf/large/nan", Tol.REDUCTION, xs -> xs[0].softmax(-1), In.values(dt, v, 4, 4));
            Check.forward(b, "logSoftmax -inf/large/nan", Tol.REDUCTION, xs -> xs[0].logSoftmax(-1), In.values(dt, v, 4, 4));
            Check.forward(b, "softmax masked (attention)", Tol.REDUCTION,
                    xs -> xs[0].maskedFill(xs[1], Double.NEGATIVE_INFINITY).softmax(-1), In.randn(dt, 2, 5, 5),
                    In.bools(5, 5).view(t -> t.maskedFill(Tensor.on(t.backend()).eye(5).eq(1.0), 0).ne(0.0)));
        }
        Check.forward(b, "softmax of int32 promotes", Tol.REDUCTION, xs -> xs[0].softmax(-1), In.ints(DType.INT32, -3, 3, 3, 4));
    }

    @BackendTest
    void layerNorm(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.floats(b)) {
            for (int n : new int[] {1, 7, 17, 1023}) {
                Check.forward(b, "layerNorm n=" + n, Tol.REDUCTION, xs -> xs[0].layerNorm(xs[1], xs[2], 1e-5),
                        In.randn(dt, 5, n), In.randn(dt, n), In.randn(dt, n));
            }
            Check.forward(b, "layerNorm no affine", Tol.REDUCTION, xs -> xs[0].layerNorm(null, null, 1e-5), In.randn(dt, 2, 3, 17));
            Check.forward(b, "layerNorm gamma only", Tol.REDUCTION, xs -> xs[0].layerNorm(xs[1], null, 1e-3),
                    In.randn(dt, 6, 17), In.randn(dt, 17));
            Check.forward(b, "layerNorm transposed", Tol.REDUCTION, xs -> xs[0].layerNorm(xs[1], xs[2], 1e-5),
                    In.transposed(In.randn(dt, 9, 13)), In.randn(dt, 13), In.randn(dt, 13));
            Check.forward(b, "layerNorm offset and scale", Tol.REDUCTION.times(10), xs -> xs[0].layerNorm(null, null, 1e-5),
                    In.randn(dt, 4, 33).view(t -> t.mul(100).add(1000)));
            Check.forward(b, "layerNorm constant rows", Tol.REDUCTION, xs -> xs[0].layerNorm(null, null, 1e-5),
                    In.values(dt, new double[] {2, 2, 2, 2, -1, -1, -1, -1}, 2, 4));
            Check.forward(b, "layerNorm over 2 axes", Tol.REDUCTION,
                    xs -> Functional.layerNorm(xs[0], new int[] {3, 5}, xs[1], xs[2], 1e-5),
                    In.randn(dt, 2, 3, 5), In.randn(dt, 3, 5), In.randn(dt, 3, 5));
            Check.forward(b, "layerNorm empty", Tol.REDUCTION, xs -> xs[0].layerNorm(null, null, 1e-5), In.randn(dt, 0, 5));
        }
    }

    @BackendTest
    void crossEntropy(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.floats(b)) {
            for (DType lt : new DType[] {DType.INT32, DType.INT64}) {
                In logits = In.randn(dt, 2.0, 9, 5), labels = In.ints(lt, 0, 5, 9);
                Check.forward(b, "crossEntropy", Tol.REDUCTION, xs -> xs[0].crossEntropy(xs[1]), logits, labels);
                for (Reduction r : Reduction.values()) {
                    for (double smoothing : new double[] {0, 0.1}) {
                        String s = r + " smoothing " + smoothing;
                        Check.forward(b, "crossEntropy " + s, Tol.REDUCTION,
                                xs -> Functional.crossEntropy(xs[0], xs[1], null, r, smoothing, -100), logits, labels);
                        Check.forward(b, "crossEntropy weighted " + s, Tol.REDUCTION,
                                xs -> Functional.crossEntropy(xs[0], xs[1], xs[2], r, smoothing, -100), logits, labels,
                                In.uniform(dt, 0.2, 2, 5));
                        Check.forward(b, "crossEntropy ignore index " + s, Tol.REDUCTION,
                                xs -> Functional.crossEntropy(xs[0], xs[1], xs[2], r, smoothing, 2), logits, labels,
                                In.uniform(dt, 0.2, 2, 5));
                        Check.forward(b, "crossEntropy ignore -1 " + s, Tol.REDUCTION,
                                xs -> Functional.crossEntropy(xs[0], xs[1], null, r, smoothing, -1), logits,
                                In.values(lt, new double[] {0, -1, 4, 4, -1, 1, 2, 3, 0}, 9));
                    }
                }
                Check.forward(b, "crossEntropy 1-D logits", Tol.REDUCTION, xs -> xs[0].crossEntropy(xs[1]),
                        In.randn(dt, 7), In.ints(lt, 0, 7));
                Check.forward(b, "crossEntropy transposed logits", Tol.REDUCTION, xs -> xs[0].crossEntropy(xs[1]),
                        In.transposed(In.randn(dt, 6, 4)), In.ints(lt, 0, 4, 6));
                Check.forward(b, "crossEntropy many classes", Tol.REDUCTION, xs -> xs[0].crossEntropy(xs[1]),
                        In.randn(dt, 4, 1023), In.ints(lt, 0, 1023, 4));
                Check.forward(b, "crossEntropy large logits", Tol.REDUCTION, xs -> xs[0].crossEntropy(xs[1]),
                        In.randn(dt, 500.0, 8, 3), In.ints(lt, 0, 3, 8));
            }
        }
    }

    @BackendTest
    void mseAndDropout(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.floats(b)) {
            for (Reduction r : Reduction.values()) {
                Check.forward(b, "mse " + r, Tol.REDUCTION, xs -> Functional.mse(xs[0], xs[1], r), In.randn(dt, 7, 17), In.randn(dt, 7, 17));
                Check.forward(b, "mse broadcast " + r, Tol.REDUCTION, xs -> Functional.mse(xs[0], xs[1], r), In.randn(dt, 7, 3), In.randn(dt, 3));
            }
            Check.forward(b, "mse", Tol.REDUCTION, xs -> xs[0].mse(xs[1]), In.transposed(In.randn(dt, 5, 4)), In.randn(dt, 5, 4));
            for (double p : new double[] {0, 0.1, 0.5, 0.9}) {
                // same seed => same mask on every backend
                Check.forward(b, "dropout p=" + p, Tol.ELEMENTWISE, xs -> xs[0].dropout(p, new Rng(77), true), In.randn(dt, 9, 1023));
                Check.forward(b, "dropout mask p=" + p, Tol.EXACT, xs -> xs[0].dropout(p, new Rng(78), true).eq(0.0),
                        In.uniform(dt, 1, 2, 33, 7));
            }
            Check.forward(b, "dropout eval", Tol.EXACT, xs -> xs[0].dropout(0.5, new Rng(79), false), In.randn(dt, 17));
            Check.forward(b, "dropout strided", Tol.ELEMENTWISE, xs -> xs[0].dropout(0.3, new Rng(80), true), In.transposed(In.randn(dt, 5, 9)));
            // A contiguous view that starts inside its buffer: the fused kernels' offsets; the mask counts from the view.
            Check.forward(b, "dropout offset view", Tol.ELEMENTWISE, xs -> xs[0].slice(0, 2, 7).dropout(0.3, new Rng(81), true),
                    In.randn(dt, 9, 1023));
        }
    }

    static final UnaryOp[] ACTIVATIONS = {null, UnaryOp.RELU, UnaryOp.GELU, UnaryOp.GELU_TANH, UnaryOp.SIGMOID, UnaryOp.TANH, UnaryOp.SILU};

    @BackendTest
    void linearWithEveryActivation(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.floats(b)) {
            for (UnaryOp act : ACTIVATIONS) {
                Check.forward(b, "linear " + act, Tol.matmul(33), xs -> Functional.linear(xs[0], xs[1], xs[2], act),
                        In.randn(dt, 9, 33), In.randn(dt, 33, 17), In.randn(dt, 17));
                Check.forward(b, "linear no bias " + act, Tol.matmul(33), xs -> Functional.linear(xs[0], xs[1], null, act),
                        In.randn(dt, 2, 5, 33), In.randn(dt, 33, 7));
                Check.forward(b, "linear transposed weight " + act, Tol.matmul(65),
                        xs -> Functional.linear(xs[0], xs[1].t(), xs[2], act),
                        In.randn(dt, 3, 65), In.randn(dt, 20, 65), In.randn(dt, 20));
                Check.forward(b, "linear 1-D input " + act, Tol.matmul(4), xs -> Functional.linear(xs[0], xs[1], xs[2], act),
                        In.randn(dt, 4), In.randn(dt, 4, 3), In.randn(dt, 3));
            }
        }
    }

    static String str(int[] s) { return Arrays.toString(s); }
}
