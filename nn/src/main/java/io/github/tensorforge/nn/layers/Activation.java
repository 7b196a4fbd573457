package io.github.tensorforge.nn.layers;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.io.ModuleConfig;

import java.util.Locale;

/**
 * An element-wise activation as a module: ReLU, GELU (exact or tanh), Tanh, Sigmoid, SiLU. Any shape in, the same
 * shape and dtype out; no parameters, the same in train and eval mode.
 */
public final class Activation extends Module {
    /** The supported functions. */
    public enum Kind {
        /** {@code max(x, 0)}. */
        RELU,
        /** Exact GELU, {@code x * Phi(x)} with the normal CDF (erf). */
        GELU,
        /** GELU's tanh approximation, {@code 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))}. */
        GELU_TANH,
        /** The hyperbolic tangent. */
        TANH,
        /** The logistic function {@code 1 / (1 + exp(-x))}. */
        SIGMOID,
        /** SiLU (swish), {@code x * sigmoid(x)}. */
        SILU }

    private final Kind kind;

    /**
     * An activation module applying {@code kind}.
     *
     * @param kind the function
     */
    public Activation(Kind kind) { this.kind = kind; }

    /**
     * A ReLU module.
     *
     * @return a new {@link Kind#RELU} activation
     */
    public static Activation relu() { return new Activation(Kind.RELU); }
    /**
     * An exact (erf) GELU module.
     *
     * @return a new {@link Kind#GELU} activation
     */
    public static Activation gelu() { return new Activation(Kind.GELU); }
    /**
     * A tanh module.
     *
     * @return a new {@link Kind#TANH} activation
     */
    public static Activation tanh() { return new Activation(Kind.TANH); }
    /**
     * A sigmoid module.
     *
     * @return a new {@link Kind#SIGMOID} activation
     */
    public static Activation sigmoid() { return new Activation(Kind.SIGMOID); }
    /**
     * A SiLU module.
     *
     * @return a new {@link Kind#SILU} activation
     */
    public static Activation silu() { return new Activation(Kind.SILU); }

    /**
     * The function this module applies.
     *
     * @return the kind
     */
    public Kind kind() { return kind; }

    /**
     * Applies {@code kind} element-wise to {@code x}, without a module.
     *
     * @param kind the function
     * @param x    a floating-point tensor of any shape
     * @return a new tensor of the shape and dtype of {@code x}
     */
    public static Tensor apply(Kind kind, Tensor x) {
        return switch (kind) {
            case RELU -> x.relu();
            case GELU -> x.gelu();
            case GELU_TANH -> x.geluTanh();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case SILU -> x.silu();
        };
    }

    /**
     * Parses "relu", "gelu", "gelu_tanh", "tanh", "sigmoid", "silu" (case-insensitive, surrounding blanks ignored).
     *
     * @param name the name
     * @return the kind it names
     * @throws IllegalArgumentException if {@code name} names none of them
     */
    public static Kind parse(String name) {
        try {
            return Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Activation: unknown '" + io.github.tensorforge.nn.io.Json.printable(name)
                    + "'; one of relu, gelu, gelu_tanh, tanh, sigmoid, silu");
        }
    }

    /**
     * Applies the activation element-wise.
     *
     * @param x a floating-point tensor of any shape
     * @return a new tensor of the shape and dtype of {@code x}
     */
    @Override public Tensor forward(Tensor x) { return apply(kind, x); }

    /**
     * {@code {"type": "activation", ...}} with this layer's hyperparameters, for
     * {@link io.github.tensorforge.nn.io.ModelFactory}.
     *
     * @return a new config
     */
    @Override public ModuleConfig config() {
        return ModuleConfig.of("activation").put("kind", kind.name().toLowerCase(Locale.ROOT));
    }

    /**
     * The kind's name, such as {@code RELU}.
     *
     * @return the name of the function
     */
    @Override public String toString() { return kind.name(); }
}
