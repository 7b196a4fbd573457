package io.github.tensorforge.nn.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.Json;

/**
 * Inverted dropout: in training mode zeroes each element with probability p and scales the rest by 1/(1-p); identity
 * in eval mode. Masks come from the module's {@link io.github.tensorforge.nn.RngStream}, so they are reproducible and
 * resume exactly from a checkpoint.
 */
public final class Dropout extends Module {
    private final double p;

    public Dropout(double p) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        this.p = p;
    }

    public double p() { return p; }

    @Override public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) return x;
        return Functional.dropout(x, p, rngStream().next(), true);
    }

    @Override public ObjectNode config() { return Json.object().put("type", "dropout").put("p", p); }

    @Override public String toString() { return "Dropout(" + p + ")"; }
}
