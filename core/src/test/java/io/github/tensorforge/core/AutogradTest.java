package io.github.tensorforge.core;

import org.junit.jupiter.api.Test;

import static io.github.tensorforge.core.Assert.close;
import static org.junit.jupiter.api.Assertions.*;

class AutogradTest {
    @Test void chainRuleByHand() {
        // y = sum((a * b + a)^2); dy/da = 2(ab + a)(b + 1), dy/db = 2(ab + a) a
        Tensor a = Tensor.of(new double[] {1, 2}).requiresGrad();
        Tensor b = Tensor.of(new double[] {3, -1}).requiresGrad();
        Tensor y = a.mul(b).add(a).pow(2).sum();
        assertEquals(16 + 0, y.item(), 1e-12);
        y.backward();
        close(new double[] {2 * 4 * 4, 0}, a.grad(), 1e-12);
        close(new double[] {2 * 4 * 1, 0}, b.grad(), 1e-12);
    }

    @Test void fanOutAccumulates() {
        Tensor x = Tensor.of(new double[] {3}).requiresGrad();
        Tensor y = x.mul(x).add(x).add(x.exp()); // 2x + 1 + e^x
        y.sum().backward();
        close(new double[] {7 + Math.exp(3)}, x.grad(), 1e-12);
    }

    @Test void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad();
        x.mul(3).sum().backward();
        x.mul(3).sum().backward();
        close(new double[] {6, 6}, x.grad(), 0);
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(2).sum().backward();
        close(new double[] {2, 2}, x.grad(), 0);
    }

    @Test void backwardWithGivenGradient() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad();
        x.mul(x).backward(Tensor.of(new double[] {1, 0, 2}));
        close(new double[] {2, 0, 12}, x.grad(), 0);
        Tensor z = x.mul(2);
        assertThrows(IllegalArgumentException.class, z::backward);
        assertThrows(IllegalArgumentException.class, () -> z.backward(Tensor.ones(DType.FLOAT64, 2)));
    }

    @Test void detachAndNoGrad() {
        Tensor x = Tensor.of(new double[] {2}).requiresGrad();
        Tensor y = x.mul(x.detach()); // d/dx = x (the detached factor is a constant)
        y.sum().backward();
        close(new double[] {2}, x.grad(), 0);
        try (var g = GradMode.disable()) {
            Tensor z = x.mul(3);
            assertFalse(z.isRequiresGrad());
            assertNull(z.gradFnName());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(x.mul(3).isRequiresGrad());
    }

    @Test void graphIsFreedAfterBackward() {
        Tensor x = Tensor.of(new double[] {1}).requiresGrad();
        Tensor y = x.exp().mul(2).sum();
        assertEquals("sum", y.gradFnName());
        y.backward();
        assertTrue(y.gradFn.isReleased(), "graph released after backward");
        assertEquals("sum", y.gradFnName(), "the result still names its op, as in PyTorch");
        Tensor z = x.exp().sum();
        z.backward(null, true);
        assertFalse(z.gradFn.isReleased(), "kept with retainGraph");
    }

    @Test void noGradientForIntegersOrComparisons() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new int[] {1}).requiresGrad());
        Tensor x = Tensor.of(new double[] {1, -1}).requiresGrad();
        assertFalse(x.gt(0).isRequiresGrad());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.ones(1).sum().backward());
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test void reluGradientIsZeroAtZero() {
        Tensor x = Tensor.of(new double[] {-1, 0, 1}).requiresGrad();
        x.relu().sum().backward();
        close(new double[] {0, 0, 1}, x.grad(), 0);
    }

    @Test void gradientThroughViewsAndBroadcast() {
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad();
        Tensor b = Tensor.of(new double[] {1, 1, 1}).requiresGrad();
        Tensor y = w.t().slice(0, 0, 3, 2).add(Tensor.zeros(DType.FLOAT64, 2, 2)).sum(); // rows 0 and 2 of w^T
        y.backward();
        close(new double[] {1, 0, 1, 1, 0, 1}, w.grad(), 0);
        w.add(b).sum().backward();
        close(new double[] {2, 2, 2}, b.grad(), 0);
    }

    @Test void deepGraphsDoNotOverflowTheStack() {
        Tensor x = Tensor.of(new double[] {1}).requiresGrad();
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) y = y.add(0.0);
        y.sum().backward();
        close(new double[] {1}, x.grad(), 0);
    }

    @Test void gradientsSurviveScopes() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad();
        try (var scope = TensorScope.open()) {
            x.mul(x).sum().backward();
        }
        close(new double[] {2, 4}, x.grad(), 0);
    }
}
