package io.github.tensorforge.nn.models;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Sequential;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.layers.Dropout;
import io.github.tensorforge.nn.layers.Linear;

import java.util.ArrayList;
import java.util.List;

/** Builds multi-layer perceptrons as {@link Sequential}s of Linear, activation and (optional) Dropout layers. */
public final class Mlp {
    private Mlp() {}

    /**
     * {@code in -> hidden[0] -> ... -> out}, with {@code activation} (and dropout when {@code dropout > 0}) after
     * every hidden layer and raw outputs (logits) at the end. The result maps {@code x: (B, in)} to {@code (B, out)}
     * in float32.
     *
     * @param in         the input features
     * @param hidden     the width of each hidden layer, in order (empty: one linear layer)
     * @param out        the output features
     * @param activation the activation after each hidden layer
     * @param dropout    the dropout probability after each activation, in training mode only (0: no dropout layers)
     * @param rng        the generator the initial weights are drawn from
     * @return a new, freshly initialized model
     * @throws IllegalArgumentException if a size is not positive or {@code dropout} is 1 or more
     */
    public static Sequential of(int in, int[] hidden, int out, Activation.Kind activation, double dropout, Rng rng) {
        List<Module> layers = new ArrayList<>();
        int prev = in;
        for (int h : hidden) {
            layers.add(new Linear(prev, h, true, null, rng));
            layers.add(new Activation(activation));
            if (dropout > 0) layers.add(new Dropout(dropout));
            prev = h;
        }
        layers.add(new Linear(prev, out, true, null, rng));
        return new Sequential(layers);
    }
}
