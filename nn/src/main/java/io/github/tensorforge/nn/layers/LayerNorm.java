package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.ModuleConfig;

/**
 * Layer normalization over the trailing {@code normalizedShape} axes (biased variance, {@code eps} inside the square
 * root), with float32 parameters {@code weight} (ones) and {@code bias} (zeros), of shape {@code normalizedShape},
 * when affine. The same in train and eval mode.
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final Parameter weight, bias;

    /**
     * Affine normalization over the last axis of size {@code dim}, {@code eps = 1e-5}.
     *
     * @param dim the size of the last axis
     */
    public LayerNorm(int dim) { this(new int[] {dim}, 1e-5, true); }

    /**
     * Normalization over the trailing axes {@code normalizedShape}.
     *
     * @param normalizedShape the sizes of the trailing axes normalized together (copied)
     * @param eps             added to the variance inside the square root
     * @param affine          whether to learn a per-element scale and shift
     * @throws IllegalArgumentException if {@code normalizedShape} is empty
     */
    public LayerNorm(int[] normalizedShape, double eps, boolean affine) {
        if (normalizedShape.length == 0) throw new IllegalArgumentException("LayerNorm: normalized shape must not be empty");
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = affine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(normalizedShape)) : null;
    }

    /**
     * Normalizes {@code x: (..., normalizedShape)} over its trailing axes to zero mean and unit variance, then scales
     * and shifts when affine.
     *
     * @param x the input; its trailing axes must equal {@code normalizedShape}
     * @return a new tensor of the shape and dtype of {@code x}
     * @throws IllegalArgumentException if the trailing axes of {@code x} differ from {@code normalizedShape}
     */
    @Override public Tensor forward(Tensor x) {
        return Functional.layerNorm(x, normalizedShape, weight == null ? null : weight.value(),
                bias == null ? null : bias.value(), eps);
    }

    /**
     * {@code {"type": "layer_norm", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        ModuleConfig c = ModuleConfig.of("layer_norm").put("eps", eps).put("affine", weight != null);
        return c.put("shape", normalizedShape);
    }

    /**
     * A short description, such as {@code LayerNorm([768])}.
     *
     * @return a readable description
     */
    @Override public String toString() { return "LayerNorm(" + java.util.Arrays.toString(normalizedShape) + ")"; }
}
