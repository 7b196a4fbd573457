package io.github.tensorforge.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.github.tensorforge.core.Assert.close;
import static org.junit.jupiter.api.Assertions.*;

/** What the hostile-user review of the Java API found (issue 19, section 6): each misuse gets a clear error, never a wrong answer. */
class ApiMisuseTest {
    @Test void elementCountsThatOverflow64BitsAreRefusedNotWrapped() {
        // 65536^4 = 2^64 wraps to 0 in a long product.
        Tensor one = Tensor.ones(1, 1, 1, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> one.expand(65536, 65536, 65536, 65536));
        assertTrue(e.getMessage().startsWith("expand: shape [65536, 65536, 65536, 65536] has 1.8e+19 elements"), e.getMessage());
        var b = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(65536, 1).add(Tensor.zeros(1, 65536)));
        assertTrue(b.getMessage().startsWith("add: shape [65536, 65536] has 4294967296 elements"), b.getMessage());
    }

    @Test void aBufferBeyondTheLargestJavaArrayNamesTheLimitAndTheOp() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(Integer.MAX_VALUE));
        assertEquals("zeros: shape [2147483647] has 2147483647 elements; a tensor holds at most "
                + Shapes.MAX_ELEMENTS + " (the largest Java array); split the data into several tensors", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(DType.FLOAT64, 65536, 32768));
        assertThrows(IllegalArgumentException.class, () -> Tensor.on(Backends.current()).empty(DType.INT64, 1 << 16, 1 << 16));
    }

    @Test void backwardTwiceOnAFreedGraphRaisesAndNamesRetainGraph() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad();
        Tensor y = x.mul(x).sum();
        y.backward();
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
        close(new double[] {2, 4}, x.grad(), 0); // the failed call added nothing

        // A second loss that shares the freed part of the graph fails the same way.
        Tensor h = x.exp();
        h.sum().backward();
        assertThrows(IllegalStateException.class, () -> h.mul(2).sum().backward());
        // The result of an op stays a non-leaf after its graph is freed.
        assertFalse(h.isLeaf());
    }

    @Test void retainGraphAllowsASecondBackward() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad();
        Tensor y = x.mul(x).sum();
        y.backward(null, true);
        y.backward();
        close(new double[] {4, 8}, x.grad(), 0);
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test void anInputChangedInPlaceAfterItWasSavedIsDetectedByBackward() {
        Tensor w = Tensor.of(new double[] {1, 2, 3}).requiresGrad();
        Tensor x = Tensor.of(new double[] {4, 5, 6});
        Tensor y = w.mul(x).sum(); // dy/dw = x: x is saved for backward
        try (var g = GradMode.disable()) {
            x.assign(Tensor.of(new double[] {0, 0, 0}));
        }
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("mul") && e.getMessage().contains("modified in place")
                && e.getMessage().contains("[3]"), e.getMessage());
        assertNull(w.grad());
    }

    @Test void aViewOfTheChangedStorageAndAnOptimizerStepAreDetectedToo() {
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4}).requiresGrad();
        Tensor y = w.reshape(2, 2).sigmoid().sum(); // sigmoid saves its output
        try (var g = GradMode.disable()) {
            w.fill(0); // the parameter updated between forward and backward
        }
        assertThrows(IllegalStateException.class, y::backward);

        Tensor p = Tensor.of(new double[] {1, 2}).requiresGrad();
        Tensor loss = p.mul(p).sum();
        Tensor m = Tensor.zeros(DType.FLOAT64, 2), v = Tensor.zeros(DType.FLOAT64, 2);
        Functional.adamStep(p, Tensor.ones(DType.FLOAT64, 2), m, v, null,
                new io.github.tensorforge.spi.AdamStep(0.1, 0.9, 0.999, 1e-8, 0, false, 1));
        assertThrows(IllegalStateException.class, loss::backward);
    }

    @Test void anOutputChangedInPlaceIsDetected() {
        Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad();
        Tensor s = w.exp(); // exp's gradient is its output
        Tensor loss = s.sum();
        try (var g = GradMode.disable()) {
            s.detach().fill(7); // a detached view still shares the storage
        }
        assertThrows(IllegalStateException.class, loss::backward);
    }

    @Test void updatesBeforeTheForwardPassAreFine() {
        Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad();
        try (var g = GradMode.disable()) {
            w.assign(Tensor.of(new double[] {3, 4}));
        }
        w.mul(w).sum().backward();
        close(new double[] {6, 8}, w.grad(), 0);
    }

    @Test void crossEntropyNamesTheLabelAndTheClassCount() {
        Tensor logits = Tensor.zeros(2, 3);
        var e = assertThrows(IndexOutOfBoundsException.class,
                () -> Functional.crossEntropy(logits, Tensor.of(new long[] {1, 3})));
        assertEquals("crossEntropy: label 3 is not a class index in [0, 3) for logits [2, 3]; labels must be 0 .. 2 "
                + "(or ignoreIndex -100)", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Functional.crossEntropy(logits, Tensor.of(new long[] {-2, 0})));
        // ignoreIndex is not a label
        double loss = Functional.crossEntropy(logits, Tensor.of(new long[] {-100, 2})).item();
        assertEquals(Math.log(3), loss, 1e-6);
    }

    @Test void forwardAndBackwardFromEightThreadsOnSharedWeightsAccumulateEveryGradient() throws Exception {
        int threads = 8, steps = 25;
        Tensor w = Tensor.of(new double[] {0.5, -1, 2, 0.25}).reshape(2, 2).requiresGrad();
        Tensor b = Tensor.of(new double[] {0.1, -0.2}).requiresGrad();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                double scale = t + 1;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int s = 0; s < steps; s++) {
                        try (var scope = TensorScope.open()) {
                            Tensor x = Tensor.of(new double[] {scale, 1, -1, scale}).reshape(2, 2);
                            x.matmul(w).add(b).tanh().sum().backward();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        // The same gradients computed one after another.
        Tensor w2 = w.detach().copy().requiresGrad(), b2 = b.detach().copy().requiresGrad();
        for (int t = 0; t < threads; t++) {
            double scale = t + 1;
            for (int s = 0; s < steps; s++) {
                Tensor.of(new double[] {scale, 1, -1, scale}).reshape(2, 2).matmul(w2).add(b2).tanh().sum().backward();
            }
        }
        close(w2.grad().toDoubleArray(), w.grad(), 1e-12);
        close(b2.grad().toDoubleArray(), b.grad(), 1e-12);
    }
}
