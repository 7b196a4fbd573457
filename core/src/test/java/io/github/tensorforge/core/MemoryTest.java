package io.github.tensorforge.core;

import io.github.tensorforge.reference.ReferenceBackend;
import io.github.tensorforge.spi.Backend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MemoryTest {
    @Test void closeReleasesWhenTheLastViewIsClosed() {
        Backend b = new ReferenceBackend();
        Tensor t = Tensor.on(b).zeros(4, 4);
        assertEquals(1, b.memoryStats().liveBuffers());
        assertEquals(64, b.memoryStats().liveBytes());
        Tensor v = t.reshape(16);
        t.close();
        assertEquals(1, b.memoryStats().liveBuffers(), "the view still holds the buffer");
        try (var scope = TensorScope.open()) {
            assertEquals(0.0, v.sum().item());
        }
        v.close();
        assertEquals(0, b.memoryStats().liveBuffers());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.add(1.0));
        assertTrue(e.getMessage().contains("was closed"), e.getMessage());
        t.close(); // idempotent
    }

    @Test void scopesReleaseEverythingButKeptTensors() {
        Backend b = new ReferenceBackend();
        Tensor kept;
        try (var use = Backends.use(b); var scope = TensorScope.open()) {
            Tensor x = Tensor.ones(3);
            x.add(1.0).mul(2.0).exp();
            kept = x.mul(5).keep();
            assertTrue(b.memoryStats().liveBuffers() > 2);
        }
        assertEquals(1, b.memoryStats().liveBuffers());
        assertEquals(15.0, kept.sum().item());
    }

    @Test void tenThousandTrainingStepsLeakNothing() {
        Backend b = new ReferenceBackend();
        try (var use = Backends.use(b)) {
            Tensor w = Tensor.randn(new Rng(1), 4, 1).requiresGrad().unscoped();
            Tensor x = Tensor.randn(new Rng(2), 8, 4);
            Tensor trueW = Tensor.of(new float[] {1, -2, 3, 0.5f}, 4, 1);
            Tensor y = x.matmul(trueW);
            trueW.close();
            long before = b.memoryStats().liveBuffers();
            double firstLoss = 0, lastLoss = 0;
            for (int step = 0; step < 10_000; step++) {
                try (var scope = TensorScope.open()) {
                    Tensor loss = x.matmul(w).mse(y);
                    if (step == 0) firstLoss = loss.item();
                    lastLoss = loss.item();
                    w.zeroGrad();
                    loss.backward();
                    try (var g = GradMode.disable()) {
                        w.assign(w.sub(w.grad().mul(0.05)));
                    }
                }
            }
            w.zeroGrad();
            assertEquals(before, b.memoryStats().liveBuffers(), "live buffers after 10,000 steps");
            assertTrue(lastLoss < firstLoss * 1e-3, "the model trained: " + firstLoss + " -> " + lastLoss);
        }
    }

    @Test void cleanerReleasesForgottenTensors() throws InterruptedException {
        Backend b = new ReferenceBackend();
        for (int i = 0; i < 100; i++) Tensor.on(b).zeros(1000);
        for (int i = 0; i < 50 && b.memoryStats().liveBuffers() > 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, b.memoryStats().liveBuffers());
    }
}
