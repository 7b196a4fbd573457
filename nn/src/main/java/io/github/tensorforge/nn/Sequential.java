package io.github.tensorforge.nn;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.io.Json;

import java.util.ArrayList;
import java.util.List;

/** Modules applied in order; submodules are named "0", "1", ... as in PyTorch. */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    public Sequential(List<? extends Module> modules) {
        for (Module m : modules) add(m);
    }

    public Sequential add(Module m) {
        registerModule(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    public Module get(int i) { return layers.get(i); }

    public int size() { return layers.size(); }

    @Override public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Module m : layers) h = m.forward(h);
        return h;
    }

    @Override public ObjectNode config() {
        ObjectNode c = Json.object().put("type", "sequential");
        ArrayNode arr = c.putArray("layers");
        for (Module m : layers) arr.add(m.config());
        return c;
    }
}
