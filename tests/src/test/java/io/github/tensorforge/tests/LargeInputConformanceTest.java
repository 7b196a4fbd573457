package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.Backend;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Inputs large enough to take a backend's multi-threaded / many-work-group paths (a few hundred thousand elements,
 * odd sizes so that every vector loop has a tail), element-wise, broadcast, reductions, softmax and layer norm.
 */
class LargeInputConformanceTest {

    @BackendTest
    void largeElementwiseAndBroadcast(String name) {
        Backend b = Conformance.backend(name);
        List<UnaryOperator<Tensor>> unary = List.of(Tensor::exp, Tensor::tanh, Tensor::sigmoid, Tensor::gelu,
                Tensor::relu, Tensor::neg, Tensor::silu);
        In big = In.randn(DType.FLOAT32, 262_147);
        for (int i = 0; i < unary.size(); i++) {
            UnaryOperator<Tensor> op = unary.get(i);
            Check.forward(b, "large unary #" + i, Tol.ELEMENTWISE, xs -> op.apply(xs[0]), big);
        }
        Check.forward(b, "large unary of transposed", Tol.ELEMENTWISE, xs -> xs[0].exp(), In.transposed(In.randn(DType.FLOAT32, 513, 511)));
        Check.forward(b, "large add broadcast row", Tol.ELEMENTWISE, xs -> xs[0].add(xs[1]),
                In.randn(DType.FLOAT32, 513, 511), In.randn(DType.FLOAT32, 511));
        Check.forward(b, "large mul broadcast column", Tol.ELEMENTWISE, xs -> xs[0].mul(xs[1]),
                In.randn(DType.FLOAT32, 513, 511), In.randn(DType.FLOAT32, 513, 1));
        Check.forward(b, "large div transposed", Tol.ELEMENTWISE, xs -> xs[0].div(xs[1]),
                In.transposed(In.randn(DType.FLOAT32, 513, 511)), In.awayFromZero(DType.FLOAT32, 0.5, 513, 511));
        Check.forward(b, "large comparison", Tol.EXACT, xs -> xs[0].gt(xs[1]), In.randn(DType.FLOAT32, 262_147), In.randn(DType.FLOAT32, 262_147));
        Check.forward(b, "large where", Tol.EXACT, xs -> Tensor.where(xs[0].gt(0.0), xs[0], xs[1]),
                In.randn(DType.FLOAT32, 513, 511), In.randn(DType.FLOAT32, 511));
        Check.forward(b, "large int add", Tol.EXACT, xs -> xs[0].add(xs[1]), In.ints(DType.INT32, -1000, 1000, 262_147),
                In.ints(DType.INT32, -1000, 1000, 262_147));
        Check.forward(b, "large cast", Tol.EXACT, xs -> xs[0].to(DType.INT64), In.ints(DType.INT32, -1000, 1000, 262_147));
        if (Conformance.supportsFloat64(b)) {
            Check.forward(b, "large float64 exp", Tol.ELEMENTWISE, xs -> xs[0].exp(), In.randn(DType.FLOAT64, 131_075));
        }
    }

    @BackendTest
    void largeReductionsAndNorms(String name) {
        Backend b = Conformance.backend(name);
        In m = In.randn(DType.FLOAT32, 513, 511);
        Check.forward(b, "large sum all", Tol.REDUCTION, xs -> xs[0].sum(), In.randn(DType.FLOAT32, 262_147));
        Check.forward(b, "large sum rows", Tol.REDUCTION, xs -> xs[0].sum(1, false), m);
        Check.forward(b, "large sum columns", Tol.REDUCTION, xs -> xs[0].sum(0, true), m);
        Check.forward(b, "large max rows", Tol.EXACT, xs -> xs[0].max(1, false), m);
        Check.forward(b, "large min columns", Tol.EXACT, xs -> xs[0].min(0, false), m);
        Check.forward(b, "large argmax rows", Tol.EXACT, xs -> xs[0].argmax(1), m);
        Check.forward(b, "large argmin all", Tol.EXACT, xs -> xs[0].argmin(), In.randn(DType.FLOAT32, 262_147));
        Check.forward(b, "large mean of transposed", Tol.REDUCTION, xs -> xs[0].mean(1, false), In.transposed(In.randn(DType.FLOAT32, 513, 511)));
        Check.forward(b, "large softmax", Tol.REDUCTION, xs -> xs[0].softmax(-1), In.randn(DType.FLOAT32, 64, 4099));
        Check.forward(b, "large logSoftmax", Tol.REDUCTION, xs -> xs[0].logSoftmax(-1), In.randn(DType.FLOAT32, 4099, 33));
        Check.forward(b, "large layerNorm", Tol.REDUCTION, xs -> xs[0].layerNorm(xs[1], xs[2], 1e-5),
                In.randn(DType.FLOAT32, 257, 1025), In.randn(DType.FLOAT32, 1025), In.randn(DType.FLOAT32, 1025));
        Check.forward(b, "large int sum", Tol.EXACT, xs -> xs[0].sum(), In.ints(DType.INT64, -1000, 1000, 262_147));
    }
}
