package io.github.tensorforge.nn.train;

import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.data.Batch;
import io.github.tensorforge.nn.data.DataLoader;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.spi.Backend;

/**
 * Inference: runs a model in eval mode under no-grad, in batches, each in its own {@link TensorScope}, and returns the
 * outputs on the host. A model in training mode is switched to eval mode for the call and back afterwards; a model
 * already in eval mode is not touched, so several threads may predict with one shared eval-mode model.
 */
public final class Predictor {
    private Predictor() {}

    /**
     * Model outputs for every sample, {@code (n, outputs)} flattened row-major, in sample order, as float32 on the
     * host. The model runs on the backend of its first parameter ({@code Backends.current()} when it has none).
     *
     * @param model     the model; it must give the same number of outputs for every sample
     * @param data      the samples (their labels or targets are ignored)
     * @param batchSize the samples per forward pass
     * @return a new array of {@code n * outputs} values
     * @throws IllegalArgumentException if {@code batchSize} is not positive or {@code data} is empty
     */
    public static float[] outputs(Module model, Dataset data, int batchSize) {
        Backend backend = model.parameters().isEmpty() ? io.github.tensorforge.core.Backends.current()
                : model.parameters().get(0).value().backend();
        boolean wasTraining = model.isTraining();
        if (wasTraining) model.eval();
        float[] out = null;
        int per = -1;
        try (var g = GradMode.disable()) {
            DataLoader loader = new DataLoader(data, batchSize, false, false, 0);
            for (int[] idx : loader.plan(0)) { // batches may hold rows out of order (by length): place by index
                try (var scope = TensorScope.open(); Batch b = loader.load(idx, backend)) {
                    Tensor y = model.forward(b.x());
                    float[] v = y.toFloatArray();
                    if (out == null) {
                        per = v.length / idx.length;
                        out = new float[data.size() * per];
                    }
                    for (int j = 0; j < idx.length; j++) System.arraycopy(v, j * per, out, idx[j] * per, per);
                }
            }
        } finally {
            if (wasTraining) model.train(true);
        }
        return out;
    }

    /**
     * Number of outputs per sample of the last {@link #outputs} shape: out.length / n.
     *
     * @param outputs the flattened outputs
     * @param n       the number of samples
     * @return the outputs per sample
     * @throws ArithmeticException if {@code n} is 0
     */
    public static int width(float[] outputs, int n) { return outputs.length / n; }

    /**
     * The arg-max class of every sample.
     *
     * @param model     the classifier, giving one score per class
     * @param data      the samples
     * @param batchSize the samples per forward pass
     * @return a new array of {@code n} class indices
     * @throws IllegalArgumentException if {@code batchSize} is not positive or {@code data} is empty
     */
    public static int[] classes(Module model, Dataset data, int batchSize) {
        float[] out = outputs(model, data, batchSize);
        return argmax(out, data.size());
    }

    /**
     * The index of the largest value of each of the {@code n} rows of {@code out} (the first one on ties).
     *
     * @param out the flattened rows, {@code (n, k)} row-major
     * @param n   the number of rows
     * @return a new array of {@code n} indices in {@code [0, k)}
     * @throws ArithmeticException if {@code n} is 0
     */
    public static int[] argmax(float[] out, int n) {
        int k = out.length / n;
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (out[i * k + j] > out[i * k + best]) best = j;
            cls[i] = best;
        }
        return cls;
    }

    /**
     * Outputs for raw feature rows {@code (n, sampleShape...)} (already preprocessed), as
     * {@link #outputs(Module, Dataset, int)}.
     *
     * @param model       the model
     * @param features    the rows, {@code n * prod(sampleShape)} values row-major
     * @param sampleShape the shape of one sample
     * @param batchSize   the samples per forward pass
     * @return a new array of {@code n * outputs} values
     * @throws IllegalArgumentException if {@code features} does not hold a whole number of samples, there are none,
     *                                  or {@code batchSize} is not positive
     */
    public static float[] outputs(Module model, float[] features, int[] sampleShape, int batchSize) {
        int size = 1;
        for (int d : sampleShape) size *= d;
        int n = features.length / size;
        return outputs(model, Dataset.regression(features, sampleShape, new float[n], 1), batchSize);
    }
}
