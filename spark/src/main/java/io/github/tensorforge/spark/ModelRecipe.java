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
 */
record ModelRecipe(String modelConfig, List<String> names, boolean[] trainable, LossFactory loss, long seed,
                   FailurePlan failure) implements Serializable {

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
        return new ModelRecipe(config, List.copyOf(names), trainable, loss, seed, failure);
    }

    /** The key replicas are pooled under: one architecture, one parameter layout, one loss. */
    String key() { return modelConfig + '\u0000' + names + '\u0000' + loss.getClass().getName(); }
}
