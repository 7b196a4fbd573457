package io.github.tensorforge.nn.optim;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Base of the optimizers: named parameters, a learning rate, and per-parameter state (moment buffers as tensors
 * owned by the optimizer, unscoped, closed when replaced or when the optimizer is closed; a step count per parameter
 * as in PyTorch). {@link #step()} updates every parameter that has a gradient, in place, under no-grad, inside its own
 * {@link TensorScope} so its temporaries are released at once.
 *
 * <p>Parameter groups ({@link #setGroups}), as in PyTorch, give a subset of the parameters its own weight decay and
 * learning-rate factor: Hugging Face's recipe exempts biases and LayerNorm weights from weight decay
 * ({@link #biasesAndNorms}). Groups are configuration, not state: they are not in the state dict.
 *
 * <p>{@link #stateDict()} exports everything as named tensors ({@code "<param>.<slot>"}, {@code "<param>.step"},
 * {@code "lr"}) so that training resumes exactly after {@link #loadStateDict}.
 */
public abstract class Optimizer implements AutoCloseable {
    private final Map<String, Parameter> params;
    private final Map<String, Map<String, Tensor>> state = new LinkedHashMap<>();
    private final Map<String, Long> steps = new HashMap<>();
    private final Map<String, ParamGroup> groupOf = new HashMap<>();
    /** The learning rate now (schedules change it through {@link #setLr}). */
    protected double lr;

    /**
     * Hyperparameters of some parameters: {@code weightDecay} replaces the optimizer's (NaN: keep it) and the learning
     * rate is the optimizer's times {@code lrScale}, so schedules, which set the optimizer's rate, move every group.
     *
     * @param name        the group's name, for messages
     * @param params      the names of the parameters in the group (copied)
     * @param weightDecay the group's weight decay, at least 0, or NaN to keep the optimizer's
     * @param lrScale     the factor on the optimizer's learning rate, finite and at least 0
     */
    public record ParamGroup(String name, java.util.Set<String> params, double weightDecay, double lrScale) {
        /**
         * Validates the group and copies {@code params} into an immutable set.
         *
         * @param name        the group's name, for messages
         * @param params      the names of the parameters in the group
         * @param weightDecay the group's weight decay, at least 0, or NaN to keep the optimizer's
         * @param lrScale     the factor on the optimizer's learning rate, finite and at least 0
         * @throws IllegalArgumentException if {@code weightDecay} is negative or {@code lrScale} is negative,
         *                                  infinite or NaN
         */
        public ParamGroup {
            params = java.util.Set.copyOf(params);
            if (!(Double.isNaN(weightDecay) || weightDecay >= 0)) {
                throw new IllegalArgumentException("parameter group '" + name + "': weight decay must be >= 0, got " + weightDecay);
            }
            if (!(lrScale >= 0) || Double.isInfinite(lrScale)) {
                throw new IllegalArgumentException("parameter group '" + name + "': lr scale must be finite and >= 0, got " + lrScale);
            }
        }

        /**
         * A group with weight decay {@code weightDecay} and the optimizer's learning rate.
         *
         * @param name        the group's name, for messages
         * @param params      the names of the parameters in the group
         * @param weightDecay the group's weight decay, at least 0 (NaN: the optimizer's)
         * @return a new group with {@code lrScale} 1
         * @throws IllegalArgumentException if {@code weightDecay} is negative
         */
        public static ParamGroup withWeightDecay(String name, java.util.Set<String> params, double weightDecay) {
            return new ParamGroup(name, params, weightDecay, 1);
        }
    }

    /**
     * The names of the biases and of the LayerNorm parameters of {@code model}: the parameters that Hugging Face's
     * Trainer (and BERT's original recipe) trains without weight decay.
     *
     * @param model the model to scan, with its submodules
     * @return a new set of dotted names: every parameter called {@code bias} and every parameter of a
     *         {@link io.github.tensorforge.nn.layers.LayerNorm}
     */
    public static java.util.Set<String> biasesAndNorms(Module model) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        collectBiasesAndNorms(model, "", out);
        return out;
    }

    private static void collectBiasesAndNorms(Module m, String prefix, java.util.Set<String> out) {
        boolean norm = m instanceof io.github.tensorforge.nn.layers.LayerNorm;
        m.namedParameters().forEach((n, p) -> {
            if (!n.contains(".") && (norm || n.equals("bias"))) out.add(prefix + n);
        });
        m.children().forEach((n, c) -> collectBiasesAndNorms(c, prefix + n + ".", out));
    }

    /**
     * Replaces the parameter groups. Every name must be a trainable parameter of this optimizer and belong to one
     * group at most (a misspelt name would otherwise leave a parameter silently ungrouped); the others keep the
     * optimizer's settings. Returns this.
     *
     * @param groups the new groups (an empty list removes all)
     * @return this optimizer
     * @throws IllegalArgumentException if a name is not a trainable parameter here or is in two groups; the groups
     *                                  are then left unchanged
     */
    public Optimizer setGroups(java.util.List<ParamGroup> groups) {
        Map<String, ParamGroup> next = new HashMap<>();
        for (ParamGroup g : groups) {
            for (String n : g.params()) {
                if (!params.containsKey(n)) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter group '" + g.name()
                            + "' names '" + n + "', which is not a trainable parameter of this optimizer");
                }
                ParamGroup before = next.put(n, g);
                if (before != null) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + n
                            + "' is in two groups, '" + before.name() + "' and '" + g.name() + "'");
                }
            }
        }
        groupOf.clear();
        groupOf.putAll(next);
        return this;
    }

    /**
     * The group of parameter {@code name}, or null when it has the optimizer's settings.
     *
     * @param name the parameter's name
     * @return its group, or null
     */
    public ParamGroup groupOf(String name) { return groupOf.get(name); }

    /**
     * The learning rate of parameter {@code name} now: the optimizer's, times its group's factor.
     *
     * @param name the parameter's name
     * @return its learning rate
     */
    protected double lrOf(String name) {
        ParamGroup g = groupOf.get(name);
        return g == null ? lr : lr * g.lrScale();
    }

    /**
     * The weight decay of parameter {@code name}: its group's, else {@code optimizerDefault}.
     *
     * @param name             the parameter's name
     * @param optimizerDefault the optimizer's own weight decay
     * @return the weight decay to apply to it
     */
    protected double weightDecayOf(String name, double optimizerDefault) {
        ParamGroup g = groupOf.get(name);
        return g == null || Double.isNaN(g.weightDecay()) ? optimizerDefault : g.weightDecay();
    }

    /**
     * An optimizer over the trainable parameters among {@code namedParams}; the others are ignored.
     *
     * @param namedParams the parameters by name (as from {@link Module#namedParameters()})
     * @param lr          the learning rate, at least 0
     * @throws IllegalArgumentException if {@code lr} is negative or NaN, or no parameter is trainable
     */
    protected Optimizer(Map<String, Parameter> namedParams, double lr) {
        if (!(lr >= 0)) throw new IllegalArgumentException(getClass().getSimpleName() + ": lr must be >= 0, got " + lr);
        this.params = new LinkedHashMap<>();
        namedParams.forEach((n, p) -> { if (p.trainable()) params.put(n, p); });
        if (params.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": no trainable parameters");
        this.lr = lr;
    }

    /**
     * An optimizer over the trainable parameters of {@code model}.
     *
     * @param model the model whose parameters are trained
     * @param lr    the learning rate, at least 0
     * @throws IllegalArgumentException if {@code lr} is negative or NaN, or the model has no trainable parameters
     */
    protected Optimizer(Module model, double lr) { this(model.namedParameters(), lr); }

    /**
     * The learning rate now (before any group's factor).
     *
     * @return the learning rate
     */
    public double lr() { return lr; }

    /**
     * Sets the learning rate (schedulers call this).
     *
     * @param lr the new learning rate, at least 0
     * @throws IllegalArgumentException if {@code lr} is negative or NaN
     */
    public void setLr(double lr) {
        if (!(lr >= 0)) throw new IllegalArgumentException("setLr: lr must be >= 0, got " + lr);
        this.lr = lr;
    }

    /**
     * The trainable parameters this optimizer updates, by name.
     *
     * @return an unmodifiable view of the parameters, in the order given
     */
    public Map<String, Parameter> parameters() { return java.util.Collections.unmodifiableMap(params); }

    /** Clears every parameter's gradient ({@link Parameter#grad()} is null afterwards). */
    public void zeroGrad() {
        for (Parameter p : params.values()) p.zeroGrad();
    }

    /**
     * One update of every parameter that has a gradient, in place, under no-grad; the gradients are left as they are
     * (call {@link #zeroGrad()} before the next backward). Parameters without a gradient keep their values and step
     * counts.
     */
    public void step() {
        try (var scope = TensorScope.open(); var g = GradMode.disable()) {
            for (var e : params.entrySet()) {
                Parameter p = e.getValue();
                Tensor grad = p.grad();
                if (grad == null) continue;
                long t = steps.merge(e.getKey(), 1L, Long::sum);
                update(e.getKey(), p.value(), grad, t);
            }
        }
    }

    /**
     * Updates {@code param} in place from {@code grad}; {@code step} counts this parameter's updates from 1. Runs under
     * no-grad inside a scope: temporaries need no closing, state goes through
     * {@link #state(String, String, Tensor)}.
     *
     * @param name  the parameter's name, the key of its state and group
     * @param param the parameter's value, to overwrite
     * @param grad  its gradient, same shape and dtype
     * @param step  the number of updates of this parameter so far, this one included (from 1)
     */
    protected abstract void update(String name, Tensor param, Tensor grad, long step);

    /**
     * The state slot of a parameter, created as zeros like {@code like} on first use (unscoped, owned here). Update it
     * in place ({@code assign}).
     *
     * @param name the parameter's name
     * @param slot the slot's name, such as {@code exp_avg}
     * @param like the parameter's value, giving shape, dtype and backend
     * @return the live slot tensor
     */
    protected Tensor state(String name, String slot, Tensor like) {
        Map<String, Tensor> s = state.computeIfAbsent(name, k -> new LinkedHashMap<>());
        Tensor t = s.get(slot);
        if (t == null) {
            t = like.zerosLike().unscoped();
            s.put(slot, t);
        }
        return t;
    }

    /**
     * Whether the slot of a parameter exists yet (it is created by the first
     * {@link #state(String, String, Tensor)} call).
     *
     * @param name the parameter's name
     * @param slot the slot's name
     * @return {@code true} if the slot exists
     */
    protected boolean hasState(String name, String slot) {
        Map<String, Tensor> s = state.get(name);
        return s != null && s.containsKey(slot);
    }

    /**
     * The number of updates applied to a parameter.
     *
     * @param name the parameter's name
     * @return its update count, 0 for none (or an unknown name)
     */
    public long stepCount(String name) { return steps.getOrDefault(name, 0L); }

    /**
     * Copies of the whole state as named tensors (the caller owns and closes them): slots as
     * {@code "<param>.<slot>"} in the parameter's dtype, step counts as {@code "<param>.step"} (int64, 1 element) and
     * {@code "lr"} (float64, 1 element), on the parameters' backend.
     *
     * @return a new map of new tensors
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (var g = GradMode.disable()) {
            for (var e : state.entrySet()) {
                for (var s : e.getValue().entrySet()) {
                    out.put(e.getKey() + "." + s.getKey(), s.getValue().copy());
                }
            }
            for (var e : steps.entrySet()) {
                Tensor any = params.get(e.getKey()).value();
                out.put(e.getKey() + ".step", Tensor.on(any.backend()).of(new long[] {e.getValue()}));
            }
            Tensor any = params.values().iterator().next().value();
            out.put("lr", Tensor.on(any.backend()).of(new double[] {lr}));
        }
        return out;
    }

    /**
     * Replaces the state with {@code dict} (as produced by {@link #stateDict()}; tensors are copied, the caller keeps
     * them). Validates every name and shape first; a mismatch throws before anything changes. Slots are converted
     * to their parameter's dtype and backend; the learning rate is restored when {@code "lr"} is present.
     *
     * @param dict the state, as from {@link #stateDict()}
     * @throws IllegalArgumentException if an entry names an unknown parameter, a slot's shape differs from its
     *                                  parameter's, a step is not one integer, or {@code "lr"} is not one value
     */
    public void loadStateDict(Map<String, Tensor> dict) {
        Map<String, Map<String, Tensor>> slots = new LinkedHashMap<>();
        Map<String, Long> newSteps = new HashMap<>();
        Double newLr = null;
        TreeSet<String> unknown = new TreeSet<>();
        for (var e : dict.entrySet()) {
            String key = e.getKey();
            Tensor t = e.getValue();
            if (key.equals("lr")) {
                if (t.numel() != 1) throw new IllegalArgumentException("optimizer state: 'lr' must hold one value");
                newLr = t.item();
                continue;
            }
            int dot = key.lastIndexOf('.');
            String pname = dot < 0 ? key : key.substring(0, dot), slot = dot < 0 ? "" : key.substring(dot + 1);
            Parameter p = params.get(pname);
            if (p == null) {
                unknown.add(key);
                continue;
            }
            if (slot.equals("step")) {
                if (t.numel() != 1 || !t.dtype().isInteger()) {
                    throw new IllegalArgumentException("optimizer state: '" + key + "' must be one integer, got "
                            + t.dtype() + " " + Arrays.toString(t.shape()));
                }
                newSteps.put(pname, t.itemLong());
            } else {
                if (!Arrays.equals(t.shape(), p.shape())) {
                    throw new IllegalArgumentException("optimizer state: '" + key + "' has shape " + Arrays.toString(t.shape())
                            + " but parameter '" + pname + "' is " + Arrays.toString(p.shape()));
                }
                slots.computeIfAbsent(pname, k -> new LinkedHashMap<>()).put(slot, t);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("optimizer state: entries for unknown parameters " + unknown
                    + "; parameters are " + params.keySet());
        }
        closeState();
        try (var scope = TensorScope.open(); var g = GradMode.disable()) {
            for (var e : slots.entrySet()) {
                Tensor like = params.get(e.getKey()).value();
                Map<String, Tensor> s = new LinkedHashMap<>();
                for (var sl : e.getValue().entrySet()) {
                    Tensor src = sl.getValue();
                    Tensor dst = like.zerosLike().unscoped();
                    Tensor moved = src.backend() == dst.backend() ? src : src.to(dst.backend());
                    dst.assign(moved.dtype() == dst.dtype() ? moved : moved.to(dst.dtype()));
                    if (moved != src) moved.close();
                    s.put(sl.getKey(), dst);
                }
                state.put(e.getKey(), s);
            }
        }
        steps.clear();
        steps.putAll(newSteps);
        if (newLr != null) lr = newLr;
    }

    private void closeState() {
        for (Map<String, Tensor> s : state.values()) for (Tensor t : s.values()) t.close();
        state.clear();
    }

    /** Releases the state tensors (not the parameters). */
    @Override public void close() {
        closeState();
        steps.clear();
    }

    static DType dtypeOf(Tensor t) { return t.dtype(); }
}
