package io.github.tensorforge.spark;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Parameter;

import java.util.List;

/** Parameters as one float32 array, in parameter order: how weights travel between the driver and the executors. */
final class Weights {
    private Weights() {}

    static float[] flatten(List<Parameter> params) {
        long n = 0;
        for (Parameter p : params) n += p.size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("SparkTrainer: " + n + " weights do not fit one Java array");
        }
        float[] w = new float[(int) n];
        int off = 0;
        for (Parameter p : params) {
            System.arraycopy(p.value().toFloatArray(), 0, w, off, p.size());
            off += p.size();
        }
        return w;
    }

    static void load(List<Parameter> params, float[] weights) {
        long expected = 0;
        for (Parameter p : params) expected += p.size();
        if (expected != weights.length) {
            throw new IllegalStateException("SparkTrainer: " + weights.length + " weights for a model of " + expected);
        }
        int off = 0;
        for (Parameter p : params) {
            try (Tensor t = Tensor.on(p.value().backend()).of(java.util.Arrays.copyOfRange(weights, off, off + p.size()),
                    p.shape())) {
                p.copyFrom(t);
            }
            off += p.size();
        }
    }
}
