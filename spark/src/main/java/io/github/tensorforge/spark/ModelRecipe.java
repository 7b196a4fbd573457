package io.github.tensorforge.spark;

import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How an executor rebuilds the driver's model: its config (what {@code config.json} holds), its parameter names in
 * order with their trainable flags, the loss, and the run's seed. Weights travel separately, every step.
 *
 * @param modelConfig the model's {@link Module#config()} as JSON
 * @param names       every parameter's name, in {@link Module#namedParameters()} order
 * @param trainable   whether each parameter is trained (has a gradient to send back)
 * @param loss        builds the loss on the executor
 * @param seed        the run's seed (dropout streams derive from it, the step and the shard)
 * @param failure     a task failure to inject (tests), or null
 * @param classes     the classes of the model and its submodules: initialized on the executor before it builds the
 *                    model, so that layers that register their builder with ModelFactory in a static initializer
 *                    (the command's bag of embeddings) are known there too
 */
record ModelRecipe(String modelConfig, List<String> names, boolean[] trainable, LossFactory loss, long seed,
                   FailurePlan failure, List<String> classes) implements Serializable {

    /** The recipe of {@code model}, whose layers must all have a config (every nn layer has). */
    static ModelRecipe of(Module model, LossFactory loss, long seed, FailurePlan failure) {
        String config;
        try {
            config = model.config().toJson();
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("SparkTrainer: the model " + model.getClass().getSimpleName()
                    + " has no config, so executors cannot rebuild it: " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        Map<String, Parameter> params = model.namedParameters();
        boolean[] trainable = new boolean[params.size()];
        int i = 0;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            if (e.getValue().value().dtype() != io.github.tensorforge.core.DType.FLOAT32) {
                throw new IllegalArgumentException("SparkTrainer: parameter '" + e.getKey() + "' is "
                        + e.getValue().value().dtype() + "; data-parallel training exchanges float32 weights only");
            }
            names.add(e.getKey());
            trainable[i++] = e.getValue().value().isRequiresGrad(); // what autograd sees (freezing clears it)
        }
        java.util.Set<String> classes = new java.util.LinkedHashSet<>();
        collectClasses(model, classes);
        return new ModelRecipe(config, List.copyOf(names), trainable, loss, seed, failure, List.copyOf(classes));
    }

    private static void collectClasses(Module m, java.util.Set<String> out) {
        out.add(m.getClass().getName());
        for (Module c : m.children().values()) collectClasses(c, out);
    }

    /** Initializes the model's classes here (their static initializers register builders). */
    void initializeClasses() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String c : classes) {
            try {
                Class.forName(c, true, loader != null ? loader : ModelRecipe.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("SparkTrainer: the model's class " + c + " is not on this executor's "
                        + "class path; ship its jar with the job (spark-submit --jars)", e);
            }
        }
    }

    /** The key replicas are pooled under: one architecture, one parameter layout, one loss. */
    String key() { return modelConfig + '\u0000' + names + '\u0000' + loss.getClass().getName(); }
}
