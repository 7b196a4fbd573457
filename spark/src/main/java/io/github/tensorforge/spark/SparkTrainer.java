package io.github.tensorforge.spark;

import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.loss.Loss;
import io.github.tensorforge.nn.optim.LrScheduler;
import io.github.tensorforge.nn.optim.Optimizer;
import io.github.tensorforge.nn.train.BatchGradients;
import io.github.tensorforge.nn.train.Trainer;
import io.github.tensorforge.nn.train.TrainingListener;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Trains any nn model data-parallel on a Spark cluster, synchronously: the training set is cut into
 * {@link Builder#partitions shards} cached on the executors; every step, each shard computes the gradient of its
 * rows of the global batch on its executor's backend, a tree sums them in shard order, and the driver takes one optimizer
 * step. Everything else is the single-machine {@link Trainer}'s own code (data order, clipping, optimizer state,
 * schedules, evaluation, early stopping, checkpoints, resuming), so with the same seed and batch the weights equal a
 * single-machine run's up to the order of the gradient sums.
 *
 * <pre>{@code
 * SparkTrainer spark = SparkTrainer.builder(new JavaSparkContext(session.sparkContext())).partitions(8).build();
 * Trainer.Result r = spark.fit(model, CrossEntropyLoss::new, new Adam(model.namedParameters(), 1e-3), null, cfg,
 *         train, eval);
 * }</pre>
 *
 * <p>What differs from one machine: layers that use batch statistics in training (batch norm) see each shard's rows,
 * not the whole batch's (as PyTorch's DDP without SyncBatchNorm), and their running statistics stay the driver's;
 * dropout masks come from (seed, step, shard) instead of one stream; gradient accumulation's micro-batches are the
 * shards. Evaluation runs on the driver.
 */
public final class SparkTrainer {
    private final JavaSparkContext sc;
    private final int partitions, depth;
    private final FailurePlan failure;
    private final List<TrainingListener> listeners;
    private ExchangeStats stats;

    private SparkTrainer(Builder b) {
        this.sc = b.sc;
        this.partitions = b.partitions > 0 ? b.partitions : sc.defaultParallelism();
        this.depth = b.depth;
        this.failure = b.failure;
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * A builder over {@code sc}.
     *
     * @param sc the Spark context the run's jobs go to
     * @return a new builder
     */
    public static Builder builder(JavaSparkContext sc) { return new Builder(sc); }

    /** Settings of a {@link SparkTrainer}. */
    public static final class Builder {
        private final JavaSparkContext sc;
        private int partitions, depth = 2;
        private FailurePlan failure;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(JavaSparkContext sc) {
            if (sc == null) throw new IllegalArgumentException("SparkTrainer: a Spark context is required");
            this.sc = sc;
        }

        /**
         * The shards the training set is cut into, one task each per step; by default the context's default
         * parallelism (the executors' cores).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder partitions(int n) {
            if (n < 1) throw new IllegalArgumentException("SparkTrainer: partitions must be >= 1, got " + n);
            partitions = n;
            return this;
        }

        /**
         * How the shards' results are added up: 1, the driver adds every shard's; 2 (the default), with 8 shards or
         * more, executors first add groups of about sqrt(shards) consecutive shards, so the driver receives sqrt(shards)
         * results instead of one per shard. Either way the order is the shards', never the tasks' finishing order,
         * so the result is reproducible to the bit.
         *
         * @param d 1 or 2
         * @return this builder
         */
        public Builder aggregationDepth(int d) {
            if (d < 1 || d > 2) throw new IllegalArgumentException("SparkTrainer: aggregation depth must be 1 or 2, got " + d);
            depth = d;
            return this;
        }

        /**
         * Adds a listener to every run's {@link Trainer} (progress, history), called on the driver.
         *
         * @param l the listener
         * @return this builder
         */
        public Builder addListener(TrainingListener l) {
            listeners.add(l);
            return this;
        }

        /** Tests: the first attempt of shard {@code shard}'s task at {@code step} fails. */
        Builder failOnce(long step, int shard) {
            failure = new FailurePlan(step, shard);
            return this;
        }

        /** @return the trainer */
        public SparkTrainer build() { return new SparkTrainer(this); }
    }

    /**
     * Trains {@code model} from the beginning, as {@link Trainer#fit} does on one machine.
     *
     * @param model     the model, trained in place on the driver; every layer must describe itself with a config
     * @param loss      builds the loss (on the driver and on every executor)
     * @param optimizer the optimizer over the model's parameters (it runs on the driver)
     * @param scheduler the learning-rate schedule, or null
     * @param cfg       the trainer's settings
     * @param train     the training set
     * @param eval      the eval set, or null
     * @return what the run did
     */
    public Trainer.Result fit(Module model, LossFactory loss, Optimizer optimizer, LrScheduler scheduler,
                              Trainer.Config cfg, Dataset train, Dataset eval) {
        return run(model, loss, optimizer, scheduler, cfg, () -> cut(model, loss, cfg, train), t -> t.fit(train, eval));
    }

    /**
     * Trains {@code model} on data prepared on the cluster ({@link SparkData#prepare}), as {@link Trainer#fit} does on
     * one machine: the shards stay where they were encoded; evaluation runs on the driver on {@code data.eval()}.
     *
     * @param model     the model, trained in place on the driver
     * @param loss      builds the loss
     * @param optimizer the optimizer over the model's parameters
     * @param scheduler the learning-rate schedule, or null
     * @param cfg       the trainer's settings (length bucketing is not available: the driver holds no rows)
     * @param data      the prepared data
     * @return what the run did
     */
    public Trainer.Result fit(Module model, LossFactory loss, Optimizer optimizer, LrScheduler scheduler,
                              Trainer.Config cfg, SparkData.Prepared data) {
        if (cfg.bucketByLength()) {
            throw new IllegalArgumentException("SparkTrainer: length bucketing needs the rows on the driver; data "
                    + "prepared on the cluster trains without it");
        }
        return run(model, loss, optimizer, scheduler, cfg,
                () -> new Distributed(model, ModelRecipe.of(model, loss, cfg.seed(), failure), data.shards, null),
                t -> t.fit(data.trainIndex(), data.eval()));
    }

    /**
     * Continues a run from its checkpoint (a restarted job), as {@link Trainer#resume} does: the result equals an
     * uninterrupted run's.
     *
     * @param checkpoint the run's {@code last.safetensors}
     * @param model      the model, built as for the interrupted run
     * @param loss       builds the loss
     * @param optimizer  the optimizer, built as for the interrupted run
     * @param scheduler  the schedule, or null
     * @param cfg        the interrupted run's settings
     * @param train      the training set
     * @param eval       the eval set, or null
     * @return what the run did after the checkpoint
     */
    public Trainer.Result resume(Path checkpoint, Module model, LossFactory loss, Optimizer optimizer,
                                 LrScheduler scheduler, Trainer.Config cfg, Dataset train, Dataset eval) {
        return run(model, loss, optimizer, scheduler, cfg, () -> cut(model, loss, cfg, train),
                t -> t.resume(checkpoint, train, eval));
    }

    private Trainer.Result run(Module model, LossFactory loss, Optimizer optimizer, LrScheduler scheduler,
                               Trainer.Config cfg, Supplier<Distributed> cluster, Function<Trainer, Trainer.Result> body) {
        Trainer trainer = new Trainer(model, loss.get(), optimizer, scheduler, cfg);
        for (TrainingListener l : listeners) trainer.addListener(l);
        try (Distributed d = cluster.get()) {
            trainer.gradients(d.gradients);
            return body.apply(trainer);
        }
    }

    /**
     * Trains {@code model} by parameter averaging, the mode for slow networks: every round, each executor starts from
     * the driver's weights and optimizer state and takes {@code localSteps} optimizer steps on its shard's rows of the
     * next {@code localSteps} global batches (the data order of {@link Trainer}); the driver then averages the weights
     * and the optimizer state, weighted by the rows each shard trained on. One Spark job per round instead of per
     * step, at the price of a result that is not the single-machine one (with one partition and {@code localSteps = 1}
     * it is). The schedule advances once per global step on the driver; clipping applies to each local step.
     * Evaluation runs on the driver at the end of every epoch. Not yet in this mode: early stopping, checkpoints and
     * resuming, micro-batches, length bucketing (the settings are refused).
     *
     * @param model      the model, trained in place
     * @param loss       builds the loss
     * @param optimizers builds the optimizer over a model (the driver's and the executors' are the same kind)
     * @param schedule   builds the learning-rate schedule over the driver's optimizer, or null for none
     * @param cfg        the settings (epochs, maxSteps, batchSize, dropLast, clipNorm, seed, evalBatchSize)
     * @param localSteps the optimizer steps each executor takes between averages, at least 1
     * @param train      the training set
     * @param eval       the eval set, or null
     * @return what the run did: the steps, epochs, each round's mean loss per step, the last evaluation
     * @throws IllegalArgumentException if {@code cfg} asks for what this mode does not do yet
     */
    public Trainer.Result fitAveraging(Module model, LossFactory loss, OptimizerFactory optimizers,
                                       Function<Optimizer, LrScheduler> schedule, Trainer.Config cfg, int localSteps,
                                       Dataset train, Dataset eval) {
        ParameterAveraging.check(cfg, localSteps);
        try (Distributed d = cut(model, loss, cfg, train)) {
            return new ParameterAveraging(sc, d.shards, d.recipe, depth, stats, listeners)
                    .run(model, loss.get(), optimizers, schedule, cfg, localSteps, train, eval);
        }
    }

    /**
     * The distributed gradients as a factory, for front ends that build their trainer themselves ({@link
     * SparkTrainJob} runs the train command with it). The shards stay cached until the JVM's Spark context stops.
     *
     * @return a factory of gradients over this trainer's cluster
     */
    public BatchGradients.Factory gradientsFactory() {
        return (Module model, Loss loss, Dataset train, Trainer.Config cfg) ->
                cut(model, LossFactory.defaultOf(loss), cfg, train).gradients;
    }

    /** @return what the last run exchanged, or null before the first */
    public ExchangeStats stats() { return stats; }

    /** @return the number of shards */
    public int partitions() { return partitions; }

    /**
     * The shards cached on the executors and the gradients over them; closing unpersists the shards it cut (not
     * those of prepared data, which their owner unpersists).
     */
    private final class Distributed implements AutoCloseable {
        final JavaRDD<Shard> shards;
        /** The training set the shards were cut from, or null for prepared data. */
        final Broadcast<Dataset> data;
        final SparkGradients gradients;
        final ModelRecipe recipe;

        Distributed(Module model, ModelRecipe recipe, JavaRDD<Shard> shards, Broadcast<Dataset> data) {
            this.recipe = recipe;
            this.shards = shards;
            this.data = data;
            // the driver is in the list too; in local mode it is the only entry, and the executor
            stats = new ExchangeStats(Math.min(shards.getNumPartitions(),
                    Math.max(1, sc.sc().getExecutorMemoryStatus().size() - 1)));
            sc.sc().addSparkListener(stats);
            gradients = new SparkGradients(sc, shards, model, recipe, depth, stats);
        }

        @Override public void close() {
            sc.sc().removeSparkListener(stats);
            if (data != null) {
                shards.unpersist(false);
                data.destroy();
            }
        }
    }

    /**
     * Cuts {@code train} into this trainer's shards on the executors. Tasks carry a shard number only: the executor
     * cuts its shard from the broadcast training set once and caches it, so no step ships data (a lost cache block is
     * rebuilt from the broadcast).
     */
    private Distributed cut(Module model, LossFactory loss, Trainer.Config cfg, Dataset train) {
        if (train.size() < partitions) {
            throw new IllegalArgumentException("SparkTrainer: " + train.size() + " training rows for " + partitions
                    + " partitions; use at most one partition per row");
        }
        ModelRecipe recipe = ModelRecipe.of(model, loss, cfg.seed(), failure); // refuses an unbuildable model first
        Broadcast<Dataset> data = sc.broadcast(train);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < partitions; i++) ids.add(i);
        JavaRDD<Shard> shards = shardsOf(sc.parallelize(ids, partitions), data, partitions)
                .persist(StorageLevel.MEMORY_ONLY());
        shards.count();
        return new Distributed(model, recipe, shards, data);
    }

    private static JavaRDD<Shard> shardsOf(JavaRDD<Integer> ids, Broadcast<Dataset> data, int parts) {
        return ids.map(i -> Shard.of(data.value(), i, parts));
    }
}
