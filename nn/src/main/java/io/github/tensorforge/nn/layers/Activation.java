package io.github.tensorforge.nn.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.Json;

import java.util.Locale;

/** An element-wise activation as a module: ReLU, GELU (exact or tanh), Tanh, Sigmoid, SiLU. */
public final class Activation extends Module {
    /** The supported functions. */
    public enum Kind { RELU, GELU, GELU_TANH, TANH, SIGMOID, SILU }

    private final Kind kind;

    public Activation(Kind kind) { this.kind = kind; }

    public static Activation relu() { return new Activation(Kind.RELU); }
    public static Activation gelu() { return new Activation(Kind.GELU); }
    public static Activation tanh() { return new Activation(Kind.TANH); }
    public static Activation sigmoid() { return new Activation(Kind.SIGMOID); }
    public static Activation silu() { return new Activation(Kind.SILU); }

    public Kind kind() { return kind; }

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

    /** Parses "relu", "gelu", "gelu_tanh", "tanh", "sigmoid", "silu". */
    public static Kind parse(String name) {
        try {
            return Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Activation: unknown '" + io.github.tensorforge.nn.io.Json.printable(name)
                    + "'; one of relu, gelu, gelu_tanh, tanh, sigmoid, silu");
        }
    }

    @Override public Tensor forward(Tensor x) { return apply(kind, x); }

    @Override public ObjectNode config() {
        return Json.object().put("type", "activation").put("kind", kind.name().toLowerCase(Locale.ROOT));
    }

    @Override public String toString() { return kind.name(); }
}
