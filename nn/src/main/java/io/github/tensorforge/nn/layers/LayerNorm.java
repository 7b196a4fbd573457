package io.github.tensorforge.nn.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.Json;

/**
 * Layer normalization over the trailing {@code normalizedShape} axes (biased variance, {@code eps} inside the square
 * root), with parameters {@code weight} (ones) and {@code bias} (zeros) when affine.
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final Parameter weight, bias;

    public LayerNorm(int dim) { this(new int[] {dim}, 1e-5, true); }

    public LayerNorm(int[] normalizedShape, double eps, boolean affine) {
        if (normalizedShape.length == 0) throw new IllegalArgumentException("LayerNorm: normalized shape must not be empty");
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = affine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(normalizedShape)) : null;
    }

    @Override public Tensor forward(Tensor x) {
        return Functional.layerNorm(x, normalizedShape, weight == null ? null : weight.value(),
                bias == null ? null : bias.value(), eps);
    }

    @Override public ObjectNode config() {
        ObjectNode c = Json.object().put("type", "layer_norm").put("eps", eps).put("affine", weight != null);
        var arr = c.putArray("shape");
        for (int d : normalizedShape) arr.add(d);
        return c;
    }

    @Override public String toString() { return "LayerNorm(" + java.util.Arrays.toString(normalizedShape) + ")"; }
}
