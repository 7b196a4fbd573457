package io.github.tensorforge.spark;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.train.BatchGradients;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.List;

/**
 * Synchronous data-parallel gradients: each step broadcasts the driver's weights and the global batch, every shard
 * computes the gradient of its rows of the batch, an {@link OrderedSum} adds them up in shard order, and the sum lands in the driver
 * model's gradients, where the {@link io.github.tensorforge.nn.train.Trainer} clips it and steps its optimizer. Every
 * replica starts the next step from the weights that step produced, so all of them stay identical.
 */
final class SparkGradients implements BatchGradients {
    private final JavaSparkContext sc;
    private final JavaRDD<Shard> shards;
    private final Module model;
    private final ModelRecipe recipe;
    private final int depth;
    private final ExchangeStats stats;
    private final List<Parameter> params;

    SparkGradients(JavaSparkContext sc, JavaRDD<Shard> shards, Module model, ModelRecipe recipe, int depth,
                   ExchangeStats stats) {
        this.sc = sc;
        this.shards = shards;
        this.model = model;
        this.recipe = recipe;
        this.depth = depth;
        this.stats = stats;
        this.params = new ArrayList<>(model.namedParameters().values());
    }

    @Override public double accumulate(int[] rows, long step) {
        long t0 = System.nanoTime();
        StepInput in = new StepInput(Weights.flatten(params), rows, step);
        Broadcast<StepInput> input = sc.broadcast(in);
        GradientSum total;
        try {
            total = aggregate(shards, recipe, input, depth);
        } finally {
            input.destroy();
        }
        if (total.rows != rows.length) {
            throw new IllegalStateException("SparkTrainer: step " + step + " computed " + total.rows + " of the batch's "
                    + rows.length + " rows; the shards do not cover the training set");
        }
        int off = 0;
        for (int i = 0; i < params.size(); i++) {
            if (!recipe.trainable()[i]) continue;
            Parameter p = params.get(i);
            float[] g = java.util.Arrays.copyOfRange(total.grad, off, off + p.size());
            try (Tensor t = Tensor.on(p.value().backend()).of(g, p.shape())) {
                p.value().backward(t); // a leaf's backward adds t to its grad, which the trainer has zeroed
            }
            off += p.size();
        }
        stats.record(System.nanoTime() - t0, 4L * in.weights().length + 4L * rows.length);
        return total.loss;
    }

    /** Static, so that the closures Spark serializes capture the recipe and the broadcast only. */
    private static GradientSum aggregate(JavaRDD<Shard> shards, ModelRecipe recipe, Broadcast<StepInput> input,
                                         int depth) {
        return OrderedSum.of(shards, shard -> shard.gradients(recipe, input.value()), depth, new GradientSum());
    }
}
