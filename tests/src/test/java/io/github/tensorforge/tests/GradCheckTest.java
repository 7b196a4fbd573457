package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.GradCheck;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.spi.Backend;

/**
 * Finite differences in float64 on each backend for every differentiable op, including through broadcasting and views
 * (the views are applied inside the checked function, to float64 leaves created on the backend).
 */
class GradCheckTest {

    @BackendTest
    void finiteDifferencesOnEveryDifferentiableOp(String name) {
        Backend b = Conformance.backend(name);
        Conformance.assumeFloat64(b);
        for (Differentiable.Op op : Differentiable.all()) {
            Soft.run(() -> {
                In[] ins = op.inputs().apply(DType.FLOAT64);
                try (var scope = TensorScope.open()) {
                    Tensor[] leaves = new Tensor[ins.length];
                    for (int i = 0; i < ins.length; i++) leaves[i] = ins[i].leaf(b, 1000L + i);
                    GradCheck.check(op.name() + " on " + name, xs -> {
                        Tensor[] v = new Tensor[xs.length];
                        for (int i = 0; i < xs.length; i++) v[i] = ins[i].apply(xs[i]);
                        return op.fn().apply(v);
                    }, leaves);
                } catch (RuntimeException e) {
                    throw new AssertionError("gradCheck " + op.name() + " on " + name + " threw: " + e, e);
                }
                Conformance.countCheck(name);
            });
        }
    }
}
