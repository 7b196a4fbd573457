package io.github.tensorforge.bench;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.Backend;

/** Shared set-up for the benchmark states: backend lookup that fails with a clear message, seeded random tensors. */
final class BenchSupport {
    /**
     * The default values of every {@code backend} parameter (written out in each {@code @Param}, since annotations
     * cannot refer to an array constant); the launcher passes only the available ones.
     */
    static final java.util.List<String> ALL_BACKENDS = java.util.List.of("cpu", "reference", "opencl", "cuda");
    /** JVM flags of every benchmark fork: the CPU backend runs on the incubating Vector API. */
    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    private BenchSupport() {}

    /**
     * The backend called {@code name}. Throws when it is not available here, naming the available ones, so a plain JMH
     * run with the default parameter list fails only the combinations of that backend.
     */
    static Backend backend(String name) {
        if (!Backends.isAvailable(name)) {
            throw new IllegalStateException("benchmark backend '" + name + "' is not available on this machine (available: "
                    + Backends.availableNames() + "); run through BenchMain, or pass -p backend=<available names>");
        }
        return Backends.get(name);
    }

    static Tensor randn(Backend backend, long seed, int... shape) {
        return Tensor.on(backend).randn(new Rng(seed), DType.FLOAT32, shape);
    }

    static Tensor rand(Backend backend, long seed, int... shape) {
        return Tensor.on(backend).rand(new Rng(seed), DType.FLOAT32, shape);
    }

    static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r == null) continue;
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + r + " failed", e);
            }
        }
    }
}
