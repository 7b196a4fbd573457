package io.github.tensorforge.nn.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.io.Json;

/** Softmax (or log-softmax) along an axis. */
public final class Softmax extends Module {
    private final int axis;
    private final boolean log;

    public Softmax(int axis) { this(axis, false); }

    public Softmax(int axis, boolean log) {
        this.axis = axis;
        this.log = log;
    }

    @Override public Tensor forward(Tensor x) { return log ? x.logSoftmax(axis) : x.softmax(axis); }

    @Override public ObjectNode config() { return Json.object().put("type", "softmax").put("axis", axis).put("log", log); }
}
