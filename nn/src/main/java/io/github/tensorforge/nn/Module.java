package io.github.tensorforge.nn;

import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.io.ModuleConfig;
import io.github.tensorforge.spi.Backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A layer or a model: named {@link Parameter}s, named buffers (non-trainable state that is saved with the model),
 * and named submodules, with train/eval mode.
 *
 * <p>Names are dotted paths ({@code "layers.0.self_attn.in_proj_weight"}) like PyTorch's, so a
 * {@link #stateDict()} maps one to one onto a safetensors file written by PyTorch for the same architecture.
 *
 * <p>Ownership: parameters and buffers are unscoped and belong to the module; {@link #close()} releases them and those
 * of every submodule.
 *
 * <p>Modules start in training mode; {@link #eval()} switches this module and its submodules to eval mode, where
 * dropout is the identity.
 */
public abstract class Module implements AutoCloseable {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    private RngStream rng;

    /**
     * Forward pass. Shapes and dtypes are documented by each module; the result is a new tensor (or {@code x} itself
     * for an identity), recorded for autograd when gradients are enabled.
     *
     * @param x the input
     * @return the output
     */
    public abstract Tensor forward(Tensor x);

    // ---- registration ----------------------------------------------------------------------------------------------

    /**
     * Registers a trainable parameter of this module under {@code name}.
     *
     * @param name  the parameter's local name: non-empty, without dots, not yet used in this module
     * @param value the initial value, float32 or float64; taken over (unscoped, marked {@code requiresGrad})
     * @return the new parameter
     * @throws IllegalArgumentException if the name is invalid or taken, or {@code value} is not floating point
     */
    protected Parameter registerParameter(String name, Tensor value) {
        checkName(name);
        Parameter p = new Parameter(value);
        params.put(name, p);
        return p;
    }

    /**
     * Registers a buffer: non-trainable state that is saved with the model (a fixed positional table, for example).
     *
     * @param name  the buffer's local name: non-empty, without dots, not yet used in this module
     * @param value the tensor; taken over (unscoped, closed by {@link #close()})
     * @return {@code value}
     * @throws IllegalArgumentException if the name is invalid or taken
     */
    protected Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        value.unscoped();
        buffers.put(name, value);
        return value;
    }

    /**
     * Registers a submodule under {@code name}; it inherits this module's random stream when one is set.
     *
     * @param <M>    the submodule's type
     * @param name   the submodule's local name: non-empty, without dots, not yet used in this module
     * @param module the submodule; owned by this module from now on
     * @return {@code module}
     * @throws IllegalArgumentException if the name is invalid or taken
     */
    protected <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        if (rng != null) module.setRngStream(rng);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("Module: invalid name '" + name + "' (non-empty, no dots)");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("Module: name '" + name + "' is already registered in "
                    + getClass().getSimpleName());
        }
    }

    /**
     * This module's own buffer called {@code name} (the live tensor, not a copy).
     *
     * @param name the buffer's local name
     * @return the buffer
     * @throws IllegalArgumentException if this module has no such buffer
     */
    protected Tensor buffer(String name) {
        Tensor t = buffers.get(name);
        if (t == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": no buffer '" + name + "'");
        return t;
    }

    // ---- traversal -------------------------------------------------------------------------------------------------

    /**
     * Every parameter of this module and its submodules, by dotted name, in registration order.
     *
     * @return a new map from dotted name to the live parameter
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collectParams("", out);
        return out;
    }

    private void collectParams(String prefix, Map<String, Parameter> out) {
        params.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, m) -> m.collectParams(prefix + n + ".", out));
    }

    /**
     * Every parameter of this module and its submodules, in the order of {@link #namedParameters()}.
     *
     * @return a new list of the live parameters
     */
    public List<Parameter> parameters() { return new ArrayList<>(namedParameters().values()); }

    /**
     * Every buffer of this module and its submodules, by dotted name.
     *
     * @return a new map from dotted name to the live buffer
     */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return out;
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out) {
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, m) -> m.collectBuffers(prefix + n + ".", out));
    }

    /**
     * Direct submodules by name, in registration order.
     *
     * @return an unmodifiable view of the submodules
     */
    public Map<String, Module> children() { return Collections.unmodifiableMap(children); }

    /**
     * Number of scalar parameters (trainable and not), here and in every submodule.
     *
     * @return the total element count of all parameters
     */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) n += p.size();
        return n;
    }

    // ---- mode ------------------------------------------------------------------------------------------------------

    /**
     * Sets training mode ({@code true}) or eval mode ({@code false}) here and in every submodule. In eval mode dropout
     * is the identity.
     *
     * @param on whether to train
     * @return this module
     */
    public Module train(boolean on) {
        training = on;
        for (Module m : children.values()) m.train(on);
        return this;
    }

    /**
     * Switches this module and its submodules to training mode; same as {@code train(true)}.
     *
     * @return this module
     */
    public Module train() { return train(true); }

    /**
     * Switches this module and its submodules to eval mode (dropout off); same as {@code train(false)}.
     *
     * @return this module
     */
    public Module eval() { return train(false); }

    /**
     * Whether this module is in training mode.
     *
     * @return {@code true} in training mode, {@code false} in eval mode
     */
    public boolean isTraining() { return training; }

    /**
     * Sets the random stream dropout draws from, here and in every submodule (shared, not copied).
     *
     * @param stream the stream
     * @return this module
     */
    public Module setRngStream(RngStream stream) {
        rng = stream;
        for (Module m : children.values()) m.setRngStream(stream);
        return this;
    }

    /**
     * The random stream for dropout masks. When none was set (the Trainer sets one from its seed), a stream seeded
     * from {@link io.github.tensorforge.core.Rng#global()} is created, so separate layers never share masks.
     *
     * @return this module's stream
     */
    protected RngStream rngStream() {
        if (rng == null) rng = new RngStream(io.github.tensorforge.core.Rng.global().integer(Long.MIN_VALUE, Long.MAX_VALUE));
        return rng;
    }

    /**
     * Drops the accumulated gradient of every parameter, here and in every submodule (afterwards
     * {@link Parameter#grad()} is null).
     */
    public void zeroGrad() {
        for (Parameter p : namedParameters().values()) p.zeroGrad();
    }

    // ---- state -----------------------------------------------------------------------------------------------------

    /**
     * Parameters and buffers by dotted name. The tensors are the live ones (not copies): do not close them.
     *
     * @return a new map from dotted name to the live parameter value or buffer
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> out.put(n, p.value()));
        out.putAll(namedBuffers());
        return out;
    }

    /**
     * Copies {@code state} into this module's parameters and buffers (converting dtype and backend). Everything is
     * validated first: the names must match exactly (none missing, none unexpected) and every shape must agree, so a
     * mismatch throws before anything is modified. The values are then overwritten in place under no-grad; the
     * caller keeps {@code state}.
     *
     * @param state tensors by dotted name, as from {@link #stateDict()}
     * @throws IllegalArgumentException if names are missing or unexpected, a shape differs, or an integer tensor is
     *                                  given for a floating-point one
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> mine = stateDict();
        TreeSet<String> missing = new TreeSet<>(mine.keySet());
        missing.removeAll(state.keySet());
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(mine.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict: names do not match " + getClass().getSimpleName()
                    + ": missing " + missing + ", unexpected " + unexpected);
        }
        for (var e : mine.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("loadStateDict: '" + e.getKey() + "' has shape "
                        + Arrays.toString(src.shape()) + " but the model expects " + Arrays.toString(e.getValue().shape()));
            }
            if (!src.dtype().isFloating() && e.getValue().dtype().isFloating()) {
                throw new IllegalArgumentException("loadStateDict: '" + e.getKey() + "' is " + src.dtype()
                        + " but the model holds " + e.getValue().dtype());
            }
        }
        try (var g = GradMode.disable()) {
            for (var e : mine.entrySet()) {
                Tensor dst = e.getValue();
                Tensor src = state.get(e.getKey());
                Tensor s = src.backend() == dst.backend() ? src : src.to(dst.backend());
                dst.assign(s);
                if (s != src) s.close();
            }
        }
    }

    /**
     * Moves every parameter and buffer to {@code backend}, here and in every submodule. Tensors already there stay;
     * the others are replaced by copies there and closed, so earlier references to them become invalid.
     *
     * @param backend the target backend
     * @return this module
     */
    public Module to(Backend backend) {
        for (Parameter p : params.values()) p.to(backend);
        for (var e : buffers.entrySet()) {
            Tensor old = e.getValue();
            if (old.backend() == backend) continue;
            Tensor moved;
            try (var g = GradMode.disable()) {
                moved = old.to(backend);
            }
            moved.unscoped();
            e.setValue(moved);
            old.close();
        }
        for (Module m : children.values()) m.to(backend);
        return this;
    }

    /**
     * Converts every parameter and floating buffer to {@code dtype} (FLOAT64 for gradient checks), here and in every
     * submodule; converted tensors replace the old ones, which are closed. Integer buffers are left as they are.
     *
     * @param dtype a floating-point dtype
     * @return this module
     * @throws IllegalArgumentException if {@code dtype} is not floating point and the module has a parameter
     */
    public Module to(io.github.tensorforge.core.DType dtype) {
        for (Parameter p : params.values()) p.to(dtype);
        for (var e : buffers.entrySet()) {
            Tensor old = e.getValue();
            if (!old.dtype().isFloating() || old.dtype() == dtype) continue;
            Tensor converted;
            try (var g = GradMode.disable()) {
                converted = old.to(dtype);
            }
            converted.unscoped();
            e.setValue(converted);
            old.close();
        }
        for (Module m : children.values()) m.to(dtype);
        return this;
    }

    /**
     * The architecture and hyperparameters as JSON ({@code {"type": ..., ...}}), from which
     * {@link io.github.tensorforge.nn.io.ModelFactory} rebuilds the module without training code.
     *
     * @return a new config describing this module
     * @throws UnsupportedOperationException if the module does not describe itself (the default)
     */
    public ModuleConfig config() {
        throw new UnsupportedOperationException(getClass().getName() + " does not describe itself as a config; "
                + "override Module.config() and register a builder with ModelFactory.register");
    }

    /** Releases every parameter and buffer, here and in submodules; the module must not be used afterwards. */
    @Override public void close() {
        for (Parameter p : params.values()) p.close();
        for (Tensor b : buffers.values()) b.close();
        for (Module m : children.values()) m.close();
    }

    /**
     * The class name followed by the submodules, one per line and indented.
     *
     * @return a readable outline of the module tree
     */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName());
        if (!children.isEmpty()) {
            sb.append("(\n");
            children.forEach((n, m) -> sb.append("  ").append(n).append(": ")
                    .append(m.toString().replace("\n", "\n  ")).append('\n'));
            sb.append(')');
        }
        return sb.toString();
    }
}
