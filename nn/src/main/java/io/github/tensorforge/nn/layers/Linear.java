package io.github.tensorforge.nn.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.spi.UnaryOp;

import java.util.Locale;

/**
 * {@code y = act(x W^T + b)}: x {@code (..., in)} to {@code (..., out)}. The weight is stored {@code (out, in)} as in
 * PyTorch (parameter names {@code weight}, {@code bias}) and passed to {@link Functional#linear} transposed (a view), so
 * backends with a fused GEMM + bias + activation kernel run it in one pass.
 *
 * <p>Default init (PyTorch's): weight {@code kaiming_uniform(a = sqrt 5)} = {@code U(-1/sqrt(in), 1/sqrt(in))}, bias
 * {@code U(-1/sqrt(in), 1/sqrt(in))}.
 */
public final class Linear extends Module {
    private final int in, out;
    private final Parameter weight, bias;
    private final UnaryOp activation;

    public Linear(int in, int out) { this(in, out, true, null, Rng.global()); }

    public Linear(int in, int out, Rng rng) { this(in, out, true, null, rng); }

    /**
     * @param activation null, or one of RELU, GELU, GELU_TANH, SIGMOID, TANH, SILU applied to the output (fused where
     *                   the backend can)
     */
    public Linear(int in, int out, boolean bias, UnaryOp activation, Rng rng) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + in + " out=" + out);
        this.in = in;
        this.out = out;
        this.activation = activation;
        this.weight = registerParameter("weight", Init.kaimingUniform(rng, Math.sqrt(5), out, in));
        double b = 1 / Math.sqrt(in);
        this.bias = bias ? registerParameter("bias", Init.uniform(rng, -b, b, out)) : null;
    }

    /** A layer with the given weight {@code (out, in)} and bias {@code (out)} or null (both taken over). */
    public static Linear fromWeights(Tensor weight, Tensor bias, UnaryOp activation) {
        if (weight.rank() != 2) throw new IllegalArgumentException("Linear.fromWeights: weight must be (out, in), got "
                + java.util.Arrays.toString(weight.shape()));
        Linear l = new Linear(weight.shape(1), weight.shape(0), bias != null, activation, new Rng(0));
        l.weight.set(weight);
        if (bias != null) {
            if (bias.rank() != 1 || bias.shape(0) != weight.shape(0)) {
                throw new IllegalArgumentException("Linear.fromWeights: bias " + java.util.Arrays.toString(bias.shape())
                        + " must be (out) = (" + weight.shape(0) + ")");
            }
            l.bias.set(bias);
        }
        return l;
    }

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }

    public int inFeatures() { return in; }

    public int outFeatures() { return out; }

    /** x: {@code (..., in)} to {@code (..., out)}. */
    @Override public Tensor forward(Tensor x) {
        if (x.rank() == 0 || x.shape(-1) != in) {
            throw new IllegalArgumentException("Linear(" + in + " -> " + out + "): input " + java.util.Arrays.toString(x.shape())
                    + " must end in " + in + " features");
        }
        return Functional.linear(x, weight.value().t(), bias == null ? null : bias.value(), activation);
    }

    @Override public ObjectNode config() {
        ObjectNode c = Json.object().put("type", "linear").put("in", in).put("out", out).put("bias", bias != null);
        if (activation != null) c.put("activation", activation.name().toLowerCase(Locale.ROOT));
        return c;
    }

    @Override public String toString() {
        return "Linear(" + in + " -> " + out + (bias == null ? ", no bias" : "") + (activation == null ? "" : ", " + activation) + ")";
    }
}
