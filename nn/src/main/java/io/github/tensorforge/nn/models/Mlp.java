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
     * {@code in -> hidden[0] -> ... -> out}, with {@code activation} (and dropout when p > 0) after every hidden layer
     * and raw outputs (logits) at the end.
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
