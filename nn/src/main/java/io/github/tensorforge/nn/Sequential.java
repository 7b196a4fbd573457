package io.github.tensorforge.nn;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.io.ModuleConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied in order, each to the previous one's output; submodules are named "0", "1", ... as in PyTorch.
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /**
     * A sequence of {@code modules}, in order.
     *
     * @param modules the modules; owned by the sequence from now on
     */
    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /**
     * A sequence of {@code modules}, in list order.
     *
     * @param modules the modules; owned by the sequence from now on
     */
    public Sequential(List<? extends Module> modules) {
        for (Module m : modules) add(m);
    }

    /**
     * Appends {@code m} as the last step, named by its index.
     *
     * @param m the module; owned by the sequence from now on
     * @return this sequence
     */
    public Sequential add(Module m) {
        registerModule(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    /**
     * The module at step {@code i}.
     *
     * @param i the index, from 0
     * @return the module
     * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, size())}
     */
    public Module get(int i) { return layers.get(i); }

    /**
     * The number of steps.
     *
     * @return the number of modules
     */
    public int size() { return layers.size(); }

    /**
     * Applies every module in order; the shapes are those of the modules (for an MLP, {@code x: (B, in)} to
     * {@code (B, out)}). An empty sequence returns {@code x}.
     *
     * @param x the input of the first module
     * @return the output of the last module
     */
    @Override public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Module m : layers) h = m.forward(h);
        return h;
    }

    /**
     * {@code {"type": "sequential", "layers": [...]}} with every module's config.
     *
     * @return a new config
     * @throws UnsupportedOperationException if a module does not describe itself
     */
    @Override public ModuleConfig config() {
        ModuleConfig c = ModuleConfig.of("sequential");
        List<ModuleConfig> children = new ArrayList<>();
        for (Module m : layers) children.add(m.config());
        return c.put("layers", children);
    }
}
