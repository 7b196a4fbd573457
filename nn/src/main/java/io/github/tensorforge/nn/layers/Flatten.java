package io.github.tensorforge.nn.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.Json;

/** Flattens axes {@code start..end} (default 1..-1: everything but the batch axis). */
public final class Flatten extends Module {
    private final int start, end;

    public Flatten() { this(1, -1); }

    public Flatten(int start, int end) {
        this.start = start;
        this.end = end;
    }

    @Override public Tensor forward(Tensor x) { return x.flatten(start, end); }

    @Override public ObjectNode config() { return Json.object().put("type", "flatten").put("start", start).put("end", end); }
}
