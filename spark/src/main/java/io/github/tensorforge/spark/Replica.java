package io.github.tensorforge.spark;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.RngStream;
import io.github.tensorforge.nn.data.Batch;
import io.github.tensorforge.nn.data.DataLoader;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.io.ModelFactory;
import io.github.tensorforge.nn.io.ModuleConfig;
import io.github.tensorforge.nn.loss.Loss;
import io.github.tensorforge.nn.optim.GradClip;
import io.github.tensorforge.nn.optim.Optimizer;
import io.github.tensorforge.spi.Backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An executor's copy of the model, on the executor's backend ({@link Backends#current()}: set it with
 * {@code -Dtensorforge.backend} in {@code spark.executor.extraJavaOptions}). Replicas are built once per executor JVM
 * and architecture and reused by every step's tasks, one task at a time each; every step overwrites their weights.
 */
final class Replica {
    private static final Map<String, ConcurrentLinkedQueue<Replica>> POOLS = new ConcurrentHashMap<>();

    private final Module model;
    private final Loss loss;
    private final List<Parameter> params;
    private final Backend backend;

    private Replica(ModelRecipe recipe) {
        this.backend = Backends.current();
        recipe.initializeClasses();
        this.model = ModelFactory.build(ModuleConfig.parse(recipe.modelConfig()), new Rng(0)).to(backend);
        this.loss = recipe.loss().get();
        Map<String, Parameter> named = model.namedParameters();
        if (!new ArrayList<>(named.keySet()).equals(recipe.names())) {
            throw new IllegalStateException("SparkTrainer: the model rebuilt from its config has parameters "
                    + named.keySet() + ", the driver's has " + recipe.names()
                    + "; its config does not describe it fully");
        }
        this.params = new ArrayList<>(named.values());
    }

    /**
     * Parameter averaging's local steps: from the round's weights and optimizer state, one optimizer step on this
     * shard's rows of each of the round's batches (a batch with none of them is skipped), as one machine would train
     * on this shard alone.
     */
    AveragingRound.Sum localSteps(ModelRecipe recipe, OptimizerFactory optimizers, Dataset data, Shard shard,
                                  AveragingRound.Input in) {
        load(in.weights());
        for (int i = 0; i < params.size(); i++) params.get(i).value().requiresGrad(recipe.trainable()[i]);
        model.train();
        double loss = 0;
        long rows = 0;
        try (Optimizer opt = optimizers.apply(model)) {
            in.state().loadInto(opt, backend);
            for (int j = 0; j < in.batches().length; j++) {
                int[] local = shard.localRows(in.batches()[j]);
                if (local.length == 0) continue;
                long step = in.firstStep() + j;
                model.setRngStream(new RngStream(RngStream.derive(RngStream.derive(recipe.seed(), step), shard.index())));
                opt.zeroGrad();
                try (var scope = TensorScope.open(); Batch b = DataLoader.assemble(data, local, backend)) {
                    Tensor l = loss(b);
                    double value = l.item();
                    if (recipe.failure() != null) recipe.failure().maybeFail(step, shard.index());
                    l.backward();
                    if (in.clipNorm() > 0) GradClip.clipGradNorm(opt.parameters().values(), in.clipNorm());
                    opt.setLr(in.lrs()[j]);
                    opt.step();
                    loss += value * local.length / in.batches()[j].length;
                    rows += local.length;
                }
                opt.zeroGrad();
            }
            if (rows == 0) return new AveragingRound.Sum();
            return new AveragingRound.Sum(Weights.flatten(params), OptimizerState.of(opt), loss, rows);
        }
    }

    private Tensor loss(Batch b) { return this.loss.compute(model.forward(b.x()), b.y()); }

    /**
     * Runs {@code work} on a pooled replica of {@code recipe}'s architecture (built on first use). The replica may
     * have been built for an earlier run: everything run-specific (seed, trainable flags) comes from the task's recipe.
     */
    static <T> T with(ModelRecipe recipe, java.util.function.Function<Replica, T> work) {
        ConcurrentLinkedQueue<Replica> pool = POOLS.computeIfAbsent(recipe.key(), k -> new ConcurrentLinkedQueue<>());
        Replica r = pool.poll();
        if (r == null) r = new Replica(recipe);
        try {
            return work.apply(r);
        } finally {
            pool.offer(r);
        }
    }

    /**
     * The gradient of the global batch's mean loss restricted to {@code local} rows of {@code data}: their mean loss
     * weighted by their share {@code local.length / batchSize}, so that the shards' results add up to the batch's.
     */
    GradientSum gradients(ModelRecipe recipe, Dataset data, int[] local, int batchSize, StepInput in, int shard) {
        load(in.weights());
        for (int i = 0; i < params.size(); i++) params.get(i).value().requiresGrad(recipe.trainable()[i]);
        // Dropout draws from (seed, step, shard): a retried task draws the same masks.
        model.setRngStream(new RngStream(RngStream.derive(RngStream.derive(recipe.seed(), in.step()), shard)));
        model.train();
        model.zeroGrad();
        try (var scope = TensorScope.open(); Batch b = DataLoader.assemble(data, local, backend)) {
            Tensor l = loss.compute(model.forward(b.x()), b.y()).mul((double) local.length / batchSize);
            double value = l.item();
            if (recipe.failure() != null) recipe.failure().maybeFail(in.step(), shard);
            l.backward();
            float[] grad = new float[trainableSize(recipe)];
            int off = 0;
            for (int i = 0; i < params.size(); i++) {
                if (!recipe.trainable()[i]) continue;
                Parameter p = params.get(i);
                if (p.grad() != null) System.arraycopy(p.grad().toFloatArray(), 0, grad, off, p.size());
                off += p.size();
            }
            model.zeroGrad();
            return new GradientSum(grad, value, local.length);
        }
    }

    private int trainableSize(ModelRecipe recipe) {
        int n = 0;
        for (int i = 0; i < params.size(); i++) if (recipe.trainable()[i]) n += params.get(i).size();
        return n;
    }

    private void load(float[] weights) { Weights.load(params, weights); }
}
