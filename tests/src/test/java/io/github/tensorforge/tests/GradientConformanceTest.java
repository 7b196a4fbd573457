package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.Backend;

/** Gradients on each backend equal the reference backend's, for every differentiable op, in float32 and float64. */
class GradientConformanceTest {

    @BackendTest
    void gradientsMatchTheReference(String name) {
        Backend b = Conformance.backend(name);
        for (DType dt : Layouts.floats(b)) {
            for (Differentiable.Op op : Differentiable.all()) {
                Check.gradients(b, "grad " + op.name(), Tol.REDUCTION, Tol.GRAD, op.fn(), op.inputs().apply(dt));
            }
        }
    }

    /** A cast float32 <-> float64 and a move between backends both carry gradients. */
    @BackendTest
    void gradientsThroughCastsAndBackendMoves(String name) {
        Backend b = Conformance.backend(name);
        Backend ref = Conformance.reference();
        Check.gradients(b, "grad through to(reference) and back", Tol.REDUCTION, Tol.GRAD,
                x -> x[0].to(ref).exp().to(x[0].backend()).mul(x[0]), In.randn(DType.FLOAT32, 3, 4).grad());
        if (Conformance.supportsFloat64(b)) {
            Check.gradients(b, "grad through cast", Tol.REDUCTION, Tol.GRAD,
                    x -> x[0].to(DType.FLOAT64).exp().to(DType.FLOAT32).mul(x[1]),
                    In.randn(DType.FLOAT32, 5).grad(), In.randn(DType.FLOAT32, 5).grad());
        }
        Check.gradients(b, "grad of a graph with fan-out and reuse", Tol.REDUCTION, Tol.GRAD, x -> {
            Tensor h = x[0].matmul(x[1]).tanh();
            return h.mul(h).add(h.sum(1, true)).softmax(-1).mul(x[0].sum(1, true));
        }, In.randn(DType.FLOAT32, 4, 3).grad(), In.randn(DType.FLOAT32, 3, 6).grad());
    }

    /** backward(gradOutput, retainGraph) twice accumulates (+=) into the leaves, detach cuts the graph. */
    @BackendTest
    void explicitOutputGradientRetainGraphAndAccumulation(String name) {
        Backend b = Conformance.backend(name);
        Check.gradients(b, "backward twice with an output gradient", Tol.REDUCTION, Tol.GRAD, x -> {
            Tensor y = x[0].matmul(x[1]).sigmoid();
            Tensor g = In.randn(y.dtype(), y.shape()).leaf(y.backend(), 17);
            y.backward(g, true);
            y.backward(g.mul(0.5), true);
            return y.add(x[0].detach().sum());
        }, In.randn(DType.FLOAT32, 3, 4).grad(), In.randn(DType.FLOAT32, 4, 2).grad());
    }
}
