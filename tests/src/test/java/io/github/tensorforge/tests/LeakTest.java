package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.spi.Backend;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 2,000 training steps of a small 2-layer MLP (core ops only, manual SGD with assign under GradMode.disable()), each
 * inside a TensorScope: the backend's live-buffer count must not grow. The count is checked after every step, so a
 * leaked buffer shows before the garbage collector's safety net could hide it.
 */
class LeakTest {
    static final int STEPS = 2000;

    static void train(Backend b) {
        // Let the Cleaner release what earlier tests left unreachable, so it cannot change the count mid-run.
        settle(b);
        long before = b.memoryStats().liveBuffers();
        Rng rng = new Rng(2024);
        var f = Tensor.on(b);
        List<Tensor> params;
        Tensor x, y;
        try (var init = TensorScope.open()) { // temporaries of the initialization are released here
            params = List.of(
                    f.randn(rng, DType.FLOAT32, 8, 16).mul(0.3).keep().requiresGrad(),
                    f.zeros(DType.FLOAT32, 16).keep().requiresGrad(),
                    f.randn(rng, DType.FLOAT32, 16, 4).mul(0.3).keep().requiresGrad(),
                    f.zeros(DType.FLOAT32, 4).keep().requiresGrad());
            x = f.randn(new Rng(1), DType.FLOAT32, 32, 8).keep();
            y = f.randint(new Rng(2), 0, 4, 32).keep();
        }
        long withModel = b.memoryStats().liveBuffers();
        long steady = -1, released = 0;
        double firstLoss = Double.NaN, lastLoss = Double.NaN;
        for (int step = 0; step < STEPS; step++) {
            try (var scope = TensorScope.open()) {
                for (Tensor p : params) p.zeroGrad();
                Tensor h = x.matmul(params.get(0)).add(params.get(1)).relu();
                Tensor loss = h.matmul(params.get(2)).add(params.get(3)).crossEntropy(y);
                loss.backward();
                double l = loss.item();
                if (step == 0) firstLoss = l;
                lastLoss = l;
                try (var g = GradMode.disable()) {
                    for (Tensor p : params) p.assign(p.sub(p.grad().mul(0.1)));
                }
            }
            long live = b.memoryStats().liveBuffers();
            if (step == 0) {
                steady = live; // parameters plus their gradients, which belong to the parameters
                assertTrue(steady <= withModel + params.size(), "after step 0 " + b.name() + " holds " + steady
                        + " live buffers; the model and data need " + withModel + " plus " + params.size() + " gradients");
            } else if (live > steady) {
                throw new AssertionError(b.name() + ": step " + step + " ends with " + live + " live buffers, step 0 with "
                        + steady + " (" + (live - steady) + " leaked so far); " + b.memoryStats());
            } else if (live < steady) {
                // Only the Cleaner can release buffers outside the scopes: garbage from before this test. Re-base.
                released += steady - live;
                steady = live;
            }
        }
        assertTrue(lastLoss < firstLoss, "training did not reduce the loss on " + b.name() + ": " + firstLoss + " -> " + lastLoss);
        for (Tensor p : params) p.close();
        x.close();
        y.close();
        assertEquals(before - released, b.memoryStats().liveBuffers(), b.name()
                + ": live buffers before the model and after closing it (" + released + " released by the Cleaner meanwhile): "
                + b.memoryStats());
        Conformance.countCheck(b.name());
    }

    static void settle(Backend b) {
        long last = -1;
        for (int i = 0; i < 20; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = b.memoryStats().liveBuffers();
            if (now == last) return;
            last = now;
        }
    }

    @BackendTest
    void trainingStepsInScopesLeakNothing(String name) {
        train(Conformance.backend(name));
    }

    @Test
    void referenceBackendLeaksNothing() {
        train(Conformance.reference());
    }
}
