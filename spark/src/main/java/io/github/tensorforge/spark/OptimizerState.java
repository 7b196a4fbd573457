package io.github.tensorforge.spark;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.optim.Optimizer;
import io.github.tensorforge.spi.Backend;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state in host arrays, to ship to executors and to average: its slots ({@code "<param>.<slot>"},
 * float32 like the parameters), its per-parameter step counts and its learning rate.
 */
final class OptimizerState implements Serializable {
    private static final long serialVersionUID = 1L;

    final Map<String, float[]> slots = new LinkedHashMap<>();
    final Map<String, int[]> shapes = new LinkedHashMap<>();
    final Map<String, Long> steps = new LinkedHashMap<>();
    double lr;

    static OptimizerState of(Optimizer opt) {
        OptimizerState s = new OptimizerState();
        Map<String, Tensor> dict = opt.stateDict();
        try {
            for (Map.Entry<String, Tensor> e : dict.entrySet()) {
                Tensor t = e.getValue();
                if (e.getKey().equals("lr")) {
                    s.lr = t.item();
                } else if (e.getKey().endsWith(".step")) {
                    s.steps.put(e.getKey(), t.itemLong());
                } else {
                    s.slots.put(e.getKey(), t.toFloatArray());
                    s.shapes.put(e.getKey(), t.shape());
                }
            }
        } finally {
            for (Tensor t : dict.values()) t.close();
        }
        return s;
    }

    /** Loads this state into {@code opt}, whose parameters live on {@code backend}. */
    void loadInto(Optimizer opt, Backend backend) {
        Map<String, Tensor> dict = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, float[]> e : slots.entrySet()) {
                dict.put(e.getKey(), Tensor.on(backend).of(e.getValue(), shapes.get(e.getKey())));
            }
            for (Map.Entry<String, Long> e : steps.entrySet()) {
                dict.put(e.getKey(), Tensor.on(backend).of(new long[] {e.getValue()}));
            }
            dict.put("lr", Tensor.on(backend).of(new double[] {lr}));
            opt.loadStateDict(dict);
        } finally {
            for (Tensor t : dict.values()) t.close();
        }
    }

    /** Adds {@code weight} times {@code o}'s slots into this one's (in place); step counts take the larger. */
    void addWeighted(OptimizerState o, double weight) {
        for (Map.Entry<String, float[]> e : o.slots.entrySet()) {
            float[] mine = slots.computeIfAbsent(e.getKey(), k -> new float[e.getValue().length]);
            shapes.putIfAbsent(e.getKey(), o.shapes.get(e.getKey()));
            float[] theirs = e.getValue();
            for (int i = 0; i < mine.length; i++) mine[i] += (float) (weight * theirs[i]);
        }
        for (Map.Entry<String, Long> e : o.steps.entrySet()) steps.merge(e.getKey(), e.getValue(), Math::max);
    }

    /** Divides the slots by {@code total} (the sum of the weights added). */
    void divide(double total) {
        for (float[] v : slots.values()) for (int i = 0; i < v.length; i++) v[i] = (float) (v[i] / total);
    }
}
