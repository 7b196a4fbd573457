package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Init;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.ModuleConfig;
import io.github.tensorforge.spi.UnaryOp;

import java.util.Locale;

/**
 * {@code y = act(x W^T + b)}: x {@code (..., in)} to {@code (..., out)}. The weight is stored {@code (out, in)} as in
 * PyTorch (parameter names {@code weight}, {@code bias}) and passed to {@link Functional#linear} transposed (a view),
 * so backends with a fused GEMM + bias + activation kernel run it in one pass. Parameters are float32 when built; the
 * layer is the same in train and eval mode.
 *
 * <p>Default init (PyTorch's): weight {@code kaiming_uniform(a = sqrt 5)} = {@code U(-1/sqrt(in), 1/sqrt(in))}, bias
 * {@code U(-1/sqrt(in), 1/sqrt(in))}.
 */
public final class Linear extends Module {
    private final int in, out;
    private final Parameter weight, bias;
    private final UnaryOp activation;

    /**
     * A layer with a bias and no activation, initialized from {@link Rng#global()}.
     *
     * @param in  the input features
     * @param out the output features
     * @throws IllegalArgumentException if a size is not positive
     */
    public Linear(int in, int out) { this(in, out, true, null, Rng.global()); }

    /**
     * A layer with a bias and no activation.
     *
     * @param in  the input features
     * @param out the output features
     * @param rng the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size is not positive
     */
    public Linear(int in, int out, Rng rng) { this(in, out, true, null, rng); }

    /**
     * A layer with float32 parameters, an optional bias and an optional activation.
     *
     * @param in         the input features
     * @param out        the output features
     * @param bias       whether to add a learned bias {@code (out)}
     * @param activation null, or one of RELU, GELU, GELU_TANH, SIGMOID, TANH, SILU applied to the output (fused where
     *                   the backend can); another op is refused by {@link #forward}
     * @param rng        the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size is not positive
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

    /**
     * A layer with the given weight {@code (out, in)} and bias {@code (out)} or null (both taken over).
     *
     * @param weight     the weight {@code (out, in)}, floating point
     * @param bias       the bias {@code (out)}, or null for none
     * @param activation null, or the activation applied to the output (as in
     *                   {@link #Linear(int, int, boolean, UnaryOp, Rng)})
     * @return a new layer holding {@code weight} and {@code bias}
     * @throws IllegalArgumentException if {@code weight} is not 2-d or {@code bias} is not {@code (out)}
     */
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

    /**
     * The weight {@code (out, in)}.
     *
     * @return the weight parameter
     */
    public Parameter weight() { return weight; }

    /**
     * The bias {@code (out)}, or null when built without one.
     *
     * @return the bias parameter, or null
     */
    public Parameter bias() { return bias; }

    /**
     * The size of the input's last axis.
     *
     * @return {@code in}
     */
    public int inFeatures() { return in; }

    /**
     * The size of the output's last axis.
     *
     * @return {@code out}
     */
    public int outFeatures() { return out; }

    /**
     * {@code x: (..., in)} to {@code (..., out)}: {@code act(x W^T + b)}, in the dtype of {@code x} and the weight.
     * The same in train and eval mode.
     *
     * @param x the input, at least 1-d
     * @return a new tensor {@code (..., out)}
     * @throws IllegalArgumentException if {@code x} is 0-d or its last axis is not {@code in}, or the activation is
     *                                  not an activation op
     */
    @Override public Tensor forward(Tensor x) {
        if (x.rank() == 0 || x.shape(-1) != in) {
            throw new IllegalArgumentException("Linear(" + in + " -> " + out + "): input " + java.util.Arrays.toString(x.shape())
                    + " must end in " + in + " features");
        }
        return Functional.linear(x, weight.value().t(), bias == null ? null : bias.value(), activation);
    }

    /**
     * {@code {"type": "linear", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        ModuleConfig c = ModuleConfig.of("linear").put("in", in).put("out", out).put("bias", bias != null);
        if (activation != null) c.put("activation", activation.name().toLowerCase(Locale.ROOT));
        return c;
    }

    /**
     * A short description, such as {@code Linear(784 -> 128)}.
     *
     * @return a readable description
     */
    @Override public String toString() {
        return "Linear(" + in + " -> " + out + (bias == null ? ", no bias" : "") + (activation == null ? "" : ", " + activation) + ")";
    }
}
