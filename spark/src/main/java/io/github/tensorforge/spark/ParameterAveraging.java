package io.github.tensorforge.spark;

import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.data.DataLoader;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.loss.Loss;
import io.github.tensorforge.nn.optim.LrScheduler;
import io.github.tensorforge.nn.optim.Optimizer;
import io.github.tensorforge.nn.train.Trainer;
import io.github.tensorforge.nn.train.TrainingDivergedException;
import io.github.tensorforge.nn.train.TrainingListener;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The driver's loop of {@link SparkTrainer#fitAveraging}: rounds of local steps, then a weighted average. */
final class ParameterAveraging {
    private final JavaSparkContext sc;
    private final JavaRDD<Shard> shards;
    private final ModelRecipe recipe;
    private final int depth;
    private final ExchangeStats stats;
    private final List<TrainingListener> listeners;

    ParameterAveraging(JavaSparkContext sc, JavaRDD<Shard> shards, ModelRecipe recipe, int depth, ExchangeStats stats,
                       List<TrainingListener> listeners) {
        this.sc = sc;
        this.shards = shards;
        this.recipe = recipe;
        this.depth = depth;
        this.stats = stats;
        this.listeners = listeners;
    }

    static void check(Trainer.Config cfg, int localSteps) {
        if (localSteps < 1) throw new IllegalArgumentException("SparkTrainer: localSteps must be >= 1, got " + localSteps);
        List<String> unsupported = new ArrayList<>();
        if (cfg.patience() > 0) unsupported.add("early stopping (patience " + cfg.patience() + ")");
        if (cfg.checkpointDir() != null) unsupported.add("checkpoints (checkpointDir " + cfg.checkpointDir() + ")");
        if (cfg.accumulationSteps() > 1) unsupported.add("micro-batches (accumulationSteps " + cfg.accumulationSteps() + ")");
        if (cfg.bucketByLength()) unsupported.add("length bucketing");
        if (cfg.evalEvery() > 0) unsupported.add("evaluation every " + cfg.evalEvery() + " steps (it evaluates per epoch)");
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException("SparkTrainer: parameter averaging does not do " + String.join(", ", unsupported)
                    + " yet; use synchronous training (fit) for them, or leave them out");
        }
    }

    Trainer.Result run(Module model, Loss loss, OptimizerFactory optimizers, Function<Optimizer, LrScheduler> schedule,
                       Trainer.Config cfg, int localSteps, Dataset train, Dataset eval) {
        List<Parameter> params = new ArrayList<>(model.namedParameters().values());
        DataLoader loader = new DataLoader(train, cfg.batchSize(), true, cfg.dropLast(), cfg.seed());
        long planned = (long) cfg.epochs() * loader.batchesPerEpoch();
        if (cfg.maxSteps() >= 0) planned = Math.min(planned, cfg.maxSteps());
        List<Double> losses = new ArrayList<>();
        Map<String, Double> lastEval = Collections.emptyMap();
        long step = 0;
        int epoch = 0;
        try (Optimizer opt = optimizers.apply(model)) {
            LrScheduler scheduler = schedule == null ? null : schedule.apply(opt);
            for (TrainingListener l : listeners) l.onTrainBegin(0, planned);
            model.train();
            for (; epoch < cfg.epochs() && step < planned; epoch++) {
                List<int[]> plan = loader.plan(epoch);
                for (int b = 0; b < plan.size() && step < planned; ) {
                    int k = (int) Math.min(Math.min(localSteps, plan.size() - b), planned - step);
                    int[][] batches = plan.subList(b, b + k).toArray(new int[0][]);
                    double[] lrs = new double[k];
                    for (int j = 0; j < k; j++) {
                        lrs[j] = opt.lr();
                        if (scheduler != null) scheduler.step();
                    }
                    double roundLoss = round(params, opt, optimizers, new AveragingRound.Input(Weights.flatten(params), OptimizerState.of(opt),
                            batches, lrs, step + 1, cfg.clipNorm()), step);
                    double perStep = roundLoss / k;
                    if (!Double.isFinite(perStep)) throw TrainingDivergedException.loss(perStep, step + 1, epoch, opt.lr());
                    for (int j = 0; j < k; j++) {
                        losses.add(perStep);
                        step++;
                        for (TrainingListener l : listeners) l.onStep(step, epoch, perStep, lrs[j], batches[j].length);
                    }
                    b += k;
                }
                if (eval != null) {
                    lastEval = Trainer.evaluate(model, loss, eval, cfg.evalBatchSize());
                    for (TrainingListener l : listeners) l.onEvaluate(step, epoch, lastEval, false);
                }
                for (TrainingListener l : listeners) l.onEpochEnd(epoch, step);
            }
        }
        Trainer.Result r = new Trainer.Result(step, epoch, false, Double.NaN, lastEval, losses);
        for (TrainingListener l : listeners) l.onTrainEnd(r);
        return r;
    }

    /** One round: broadcast, local steps on every shard, the weighted average back into the model and optimizer. */
    private double round(List<Parameter> params, Optimizer opt, OptimizerFactory optimizers, AveragingRound.Input in,
                         long step) {
        long t0 = System.nanoTime();
        Broadcast<AveragingRound.Input> input = sc.broadcast(in);
        AveragingRound.Sum sum;
        try {
            sum = aggregate(shards, recipe, optimizers, input, depth);
        } finally {
            input.destroy();
        }
        if (sum.rows == 0) throw new IllegalStateException("SparkTrainer: a round at step " + (step + 1) + " trained no rows");
        float[] mean = sum.weights;
        for (int i = 0; i < mean.length; i++) mean[i] = (float) (mean[i] / (double) sum.rows);
        Weights.load(params, mean);
        sum.state.divide(sum.rows);
        sum.state.lr = opt.lr();
        sum.state.loadInto(opt, params.get(0).value().backend());
        long bytes = 4L * in.weights().length;
        for (float[] slot : in.state().slots.values()) bytes += 4L * slot.length;
        for (int[] b : in.batches()) bytes += 4L * b.length;
        stats.record(System.nanoTime() - t0, bytes);
        return sum.loss;
    }

    private static AveragingRound.Sum aggregate(JavaRDD<Shard> shards, ModelRecipe recipe, OptimizerFactory optimizers,
                                                Broadcast<AveragingRound.Input> input, int depth) {
        return OrderedSum.of(shards, shard -> shard.localSteps(recipe, optimizers, input.value()), depth,
                new AveragingRound.Sum());
    }
}
