package io.github.tensorforge.nn.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.RngStream;
import io.github.tensorforge.nn.data.Batch;
import io.github.tensorforge.nn.data.DataLoader;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.io.Safetensors;
import io.github.tensorforge.nn.loss.Loss;
import io.github.tensorforge.nn.metrics.ConfusionMatrix;
import io.github.tensorforge.nn.metrics.RegressionMetrics;
import io.github.tensorforge.nn.optim.GradClip;
import io.github.tensorforge.nn.optim.LrScheduler;
import io.github.tensorforge.nn.optim.Optimizer;
import io.github.tensorforge.spi.Backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop: epochs of shuffled batches, each step in its own {@link TensorScope} (forward, loss, backward,
 * optional gradient clipping, optimizer step, scheduler step), evaluation every N steps or at each epoch end, early
 * stopping on a monitored eval metric, and checkpoints.
 *
 * <p>Checkpoints ({@code last.safetensors} and {@code best.safetensors} in the checkpoint directory) are safetensors
 * files written atomically, holding the model ({@code model.*}), the optimizer state ({@code optim.*}) and, in the
 * metadata, the trainer position (epoch, batch, step), the dropout random stream counter, the scheduler step and the
 * early-stopping state, and the state of every {@link CheckpointedListener}. {@link #resume} continues from one
 * exactly: on the same backend the result is bitwise equal to an uninterrupted run. Data order depends only on
 * (seed, epoch), dropout only on (seed, counter).
 *
 * <p>A non-finite training loss, or a non-finite weight about to be checkpointed, stops the run with a
 * {@link TrainingDivergedException}, so no checkpoint ever holds one; a non-finite eval metric never counts as an
 * improvement.
 */
public final class Trainer {
    /** The file names of the last and of the best checkpoint in the checkpoint directory. */
    public static final String LAST = "last.safetensors", BEST = "best.safetensors";
    /** Checkpoint metadata keys of {@link CheckpointedListener} states start with this. */
    public static final String LISTENER_PREFIX = "listener.";

    /**
     * Settings; build with {@link #builder()}, whose setters describe each one.
     *
     * @param epochs            the number of passes over the training set
     * @param maxSteps          the most optimizer steps in total, or -1 for no limit
     * @param batchSize         the rows per optimizer step
     * @param dropLast          whether to skip each epoch's last, incomplete batch
     * @param evalEvery         evaluate every this many steps; 0 at the end of every epoch
     * @param evalBatchSize     the rows per forward pass in evaluation
     * @param monitor           the eval metric for early stopping and the best checkpoint
     * @param monitorMax        whether larger is better, or null for the metric's default
     * @param patience          evaluations without improvement before stopping; 0 never stops early
     * @param minDelta          the smallest change that counts as an improvement
     * @param clipNorm          the global gradient norm to clip to; 0 turns clipping off
     * @param checkpointDir     the directory for checkpoints, or null for none
     * @param checkpointEvery   also write the last checkpoint every this many steps; 0 only at evaluations and epoch
     *                          ends
     * @param seed              the seed of the data order and of dropout
     * @param restoreBest       whether to load the best checkpoint's weights at the end
     * @param accumulationSteps the micro-batches each batch is split into
     * @param bucketByLength    whether batches group rows of similar length
     */
    public record Config(int epochs, long maxSteps, int batchSize, boolean dropLast, int evalEvery, int evalBatchSize,
                         String monitor, Boolean monitorMax, int patience, double minDelta, double clipNorm,
                         Path checkpointDir, int checkpointEvery, long seed, boolean restoreBest,
                         int accumulationSteps, boolean bucketByLength) {
        /**
         * A builder with the defaults.
         *
         * @return a new builder
         */
        public static Builder builder() { return new Builder(); }
    }

    /**
     * Builder of {@link Config} with sensible defaults: 10 epochs, batch size 32, no step limit, evaluation at every
     * epoch end with batches of 256, monitor {@code loss}, no early stopping, no clipping, no checkpoints, seed 0, no
     * gradient accumulation. Each setter returns this builder.
     */
    public static final class Builder {
        private int epochs = 10, batchSize = 32, evalEvery = 0, evalBatchSize = 256, patience = 0, checkpointEvery = 0;
        private int accumulationSteps = 1;
        private long maxSteps = -1, seed = 0;
        private boolean dropLast, restoreBest, bucketByLength;
        private String monitor = "loss";
        private Boolean monitorMax;
        private double minDelta, clipNorm;
        private Path checkpointDir;

        /**
         * Number of passes over the training set.
         *
         * @param v the number of epochs, positive
         * @return this builder
         */
        public Builder epochs(int v) { epochs = v; return this; }
        /**
         * Stop after this many optimizer steps in total (-1: no limit); a last checkpoint is written there.
         *
         * @param v the step limit, or -1
         * @return this builder
         */
        public Builder maxSteps(long v) { maxSteps = v; return this; }
        /**
         * Rows per optimizer step.
         *
         * @param v the batch size, positive
         * @return this builder
         */
        public Builder batchSize(int v) { batchSize = v; return this; }
        /**
         * Whether to skip each epoch's last batch when it is smaller than the batch size.
         *
         * @param v {@code true} to drop it
         * @return this builder
         */
        public Builder dropLast(boolean v) { dropLast = v; return this; }
        /**
         * Evaluate every N steps; 0 = at the end of every epoch.
         *
         * @param v N, at least 0
         * @return this builder
         */
        public Builder evalEvery(int v) { evalEvery = v; return this; }
        /**
         * Rows per forward pass in evaluation.
         *
         * @param v the eval batch size, positive
         * @return this builder
         */
        public Builder evalBatchSize(int v) { evalBatchSize = v; return this; }
        /**
         * Eval metric to monitor: loss, accuracy, macro_f1, mse, mae, r2.
         *
         * @param v the metric's name; a name the evaluation does not compute fails the first evaluation
         * @return this builder
         */
        public Builder monitor(String v) { monitor = v; return this; }
        /**
         * Whether larger is better (default: true for accuracy, macro_f1 and r2).
         *
         * @param v {@code true} if larger values of the monitored metric are better
         * @return this builder
         */
        public Builder monitorMax(boolean v) { monitorMax = v; return this; }
        /**
         * Early stopping after this many evaluations without improvement (0 = never stop early).
         *
         * @param v the patience, at least 0
         * @return this builder
         */
        public Builder patience(int v) { patience = v; return this; }
        /**
         * Minimum change that counts as an improvement.
         *
         * @param v the minimum change
         * @return this builder
         */
        public Builder minDelta(double v) { minDelta = v; return this; }
        /**
         * Clip gradients to this global norm (0 = off).
         *
         * @param v the largest global L2 norm, or 0
         * @return this builder
         */
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        /**
         * Where to write {@link Trainer#LAST} and {@link Trainer#BEST} (created when needed; null: no checkpoints).
         *
         * @param v the directory, or null
         * @return this builder
         */
        public Builder checkpointDir(Path v) { checkpointDir = v; return this; }
        /**
         * Also write the last checkpoint every N steps (0 = only at evaluations and epoch ends).
         *
         * @param v N, at least 0
         * @return this builder
         */
        public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
        /**
         * The seed of the data order (with the epoch) and of the dropout masks.
         *
         * @param v the seed
         * @return this builder
         */
        public Builder seed(long v) { seed = v; return this; }
        /**
         * At the end, load the weights of the best checkpoint (needs a checkpoint directory and an eval set).
         *
         * @param v {@code true} to restore the best weights
         * @return this builder
         */
        public Builder restoreBest(boolean v) { restoreBest = v; return this; }
        /**
         * Gradient accumulation: each batch of {@link #batchSize(int)} rows runs as this many micro-batches (forward
         * and backward each, so only a micro-batch's activations are held at once), then one optimizer step. The data
         * order, the steps and the gradient (the mean over the whole batch) are those of the undivided batch.
         *
         * @param v the micro-batches per batch, in {@code [1, batchSize]}
         * @return this builder
         */
        public Builder accumulationSteps(int v) { accumulationSteps = v; return this; }
        /**
         * Batches of rows of similar length ({@link DataLoader#bucketByLength}); the data needs row lengths.
         *
         * @param v {@code true} to bucket by length
         * @return this builder
         */
        public Builder bucketByLength(boolean v) { bucketByLength = v; return this; }

        /**
         * The settings.
         *
         * @return a new config
         * @throws IllegalArgumentException if epochs or a batch size is not positive, {@code evalEvery},
         *                                  {@code patience} or {@code checkpointEvery} is negative, or
         *                                  {@code accumulationSteps} is outside {@code [1, batchSize]}
         */
        public Config build() {
            if (epochs <= 0 || batchSize <= 0 || evalEvery < 0 || patience < 0 || evalBatchSize <= 0 || checkpointEvery < 0) {
                throw new IllegalArgumentException("Trainer.Config: epochs, batch sizes must be positive; evalEvery, patience, checkpointEvery >= 0");
            }
            if (accumulationSteps < 1 || accumulationSteps > batchSize) {
                throw new IllegalArgumentException("Trainer.Config: accumulationSteps must be in [1, batchSize = " + batchSize
                        + "], got " + accumulationSteps);
            }
            return new Config(epochs, maxSteps, batchSize, dropLast, evalEvery, evalBatchSize, monitor, monitorMax,
                    patience, minDelta, clipNorm, checkpointDir, checkpointEvery, seed, restoreBest, accumulationSteps,
                    bucketByLength);
        }
    }

    /**
     * What a run did: steps and epochs completed, whether it stopped early, losses per step, the last evaluation.
     *
     * @param steps        the optimizer steps done in total, those before a resume included
     * @param epochs       the epochs completed in total
     * @param stoppedEarly whether early stopping ended the run
     * @param bestMetric   the best value of the monitored metric, or NaN without evaluations
     * @param lastEval     the metrics of the last evaluation of this call, or an empty map
     * @param losses       the training loss of every step of this call, in order
     */
    public record Result(long steps, int epochs, boolean stoppedEarly, double bestMetric, Map<String, Double> lastEval,
                         List<Double> losses) {}

    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final LrScheduler scheduler;
    private final Config cfg;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final RngStream rng;
    private BatchGradients gradients;

    // position and early-stopping state (all of it goes into checkpoints)
    private int epoch, batch;
    private long step;
    private double best = Double.NaN;
    private int badEvals;
    private boolean finished, stoppedEarly;

    /**
     * A trainer of {@code model}; sets the model's random stream (dropout) to one seeded with {@code cfg.seed()}.
     *
     * @param model     the model, trained in place
     * @param loss      the training and evaluation loss
     * @param optimizer the optimizer over the model's parameters
     * @param scheduler the learning-rate schedule, stepped after every optimizer step, or null for none
     * @param cfg       the settings
     */
    public Trainer(Module model, Loss loss, Optimizer optimizer, LrScheduler scheduler, Config cfg) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.scheduler = scheduler;
        this.cfg = cfg;
        this.rng = new RngStream(cfg.seed());
        model.setRngStream(rng);
    }

    /**
     * Computes each batch's gradients with {@code g} instead of on the model's backend in this JVM (data-parallel
     * training on a cluster); the rest of every step, and of the run, is this trainer's as before.
     *
     * @param g the batch gradients, or null for the local default
     * @return this trainer
     */
    public Trainer gradients(BatchGradients g) {
        this.gradients = g;
        return this;
    }

    /**
     * Adds a listener, called in the order added.
     *
     * @param l the listener; a {@link CheckpointedListener}'s state also goes into checkpoints
     * @return this trainer
     */
    public Trainer addListener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    private boolean larger() {
        if (cfg.monitorMax() != null) return cfg.monitorMax();
        return switch (cfg.monitor()) {
            case "accuracy", "macro_f1", "r2" -> true;
            default -> false;
        };
    }

    private Backend backend() { return model.parameters().get(0).value().backend(); }

    /**
     * Trains from the beginning. {@code eval} may be null (no evaluation, no early stopping). The model's parameters
     * and the optimizer's state are updated in place; the model is in training mode afterwards, holding the best
     * checkpoint's weights when {@code restoreBest} is set.
     *
     * @param train the training set, reshuffled every epoch
     * @param eval  the eval set, or null
     * @return what the run did
     * @throws TrainingDivergedException if the loss, or a weight about to be checkpointed, is not finite
     * @throws IllegalArgumentException  if the monitored metric is not computed, or the data and settings do not fit
     *                                   (no full batch, bucketing without row lengths)
     * @throws java.io.UncheckedIOException if a checkpoint cannot be written
     */
    public Result fit(Dataset train, Dataset eval) {
        epoch = 0;
        batch = 0;
        step = 0;
        best = Double.NaN;
        badEvals = 0;
        finished = false;
        stoppedEarly = false;
        rng.setCounter(0);
        return run(train, eval);
    }

    /**
     * Restores model, optimizer, scheduler and trainer state from {@code checkpoint}, then continues training, as
     * {@link #fit} would have from there.
     *
     * @param checkpoint a checkpoint written by this trainer's configuration (same seed)
     * @param train      the training set, the one the checkpoint was trained on
     * @param eval       the eval set, or null
     * @return what the run did; its losses are those of the steps after the checkpoint
     * @throws TrainingDivergedException if the loss, or a weight about to be checkpointed, is not finite
     * @throws IllegalArgumentException  if the checkpoint does not fit this trainer (see {@link #restore}) or the
     *                                   monitored metric is not computed
     * @throws io.github.tensorforge.nn.io.SafetensorsException if the checkpoint is malformed or does not match the
     *                                   model
     * @throws java.io.UncheckedIOException if a checkpoint cannot be read or written
     */
    public Result resume(Path checkpoint, Dataset train, Dataset eval) {
        restore(checkpoint);
        return run(train, eval);
    }

    private Result run(Dataset train, Dataset eval) {
        DataLoader loader = new DataLoader(train, cfg.batchSize(), true, cfg.dropLast(), cfg.seed());
        if (cfg.bucketByLength()) loader = loader.bucketByLength();
        int perEpoch = loader.batchesPerEpoch();
        long planned = (long) cfg.epochs() * perEpoch;
        if (cfg.maxSteps() >= 0) planned = Math.min(planned, cfg.maxSteps());
        for (TrainingListener l : listeners) l.onTrainBegin(step, planned);
        List<Double> losses = new ArrayList<>();
        Map<String, Double> lastEval = Collections.emptyMap();
        Backend backend = backend();
        boolean stop = finished;
        model.train();
        while (!stop && epoch < cfg.epochs()) {
            List<int[]> plan = loader.plan(epoch);
            while (batch < plan.size()) {
                if (cfg.maxSteps() >= 0 && step >= cfg.maxSteps()) {
                    stop = true;
                    break;
                }
                int[] rows = plan.get(batch);
                int bs = rows.length;
                optimizer.zeroGrad();
                double lossValue = gradients != null ? gradients.accumulate(rows, step + 1)
                        : localGradients(loader, backend, rows);
                if (!Double.isFinite(lossValue)) throw TrainingDivergedException.loss(lossValue, step + 1, epoch, optimizer.lr());
                try (var scope = TensorScope.open()) {
                    if (cfg.clipNorm() > 0) GradClip.clipGradNorm(optimizer.parameters().values(), cfg.clipNorm());
                    optimizer.step();
                    if (scheduler != null) scheduler.step();
                }
                optimizer.zeroGrad();
                losses.add(lossValue);
                step++;
                batch++;
                for (TrainingListener li : listeners) li.onStep(step, epoch, lossValue, optimizer.lr(), bs);
                if (eval != null && cfg.evalEvery() > 0 && step % cfg.evalEvery() == 0) {
                    lastEval = evaluateAndCheckpoint(eval);
                    if (stoppedEarly) {
                        stop = true;
                        break;
                    }
                } else if (cfg.checkpointEvery() > 0 && step % cfg.checkpointEvery() == 0) {
                    saveCheckpoint(LAST);
                }
            }
            if (stop) break;
            if (eval != null && cfg.evalEvery() == 0) {
                lastEval = evaluateAndCheckpoint(eval);
                if (stoppedEarly) stop = true;
            }
            for (TrainingListener li : listeners) li.onEpochEnd(epoch, step);
            epoch++;
            batch = 0;
            if (!stop) saveCheckpoint(LAST);
        }
        if (stoppedEarly || epoch >= cfg.epochs()) finished = true;
        saveCheckpoint(LAST);
        if (cfg.restoreBest() && cfg.checkpointDir() != null && Files.exists(cfg.checkpointDir().resolve(BEST))) {
            loadModelWeights(cfg.checkpointDir().resolve(BEST), model);
        }
        Result r = new Result(step, epoch, stoppedEarly, best, lastEval, losses);
        for (TrainingListener li : listeners) li.onTrainEnd(r);
        return r;
    }

    /** The default {@link BatchGradients}: the batch on the model's backend, split into micro-batches if asked. */
    private double localGradients(DataLoader loader, Backend backend, int[] rows) {
        int bs = rows.length;
        double lossValue = 0;
        // Micro-batch k holds rows [k*bs/m, (k+1)*bs/m); its mean loss, weighted by its share of the batch, adds up to
        // the batch's mean loss, and its gradient to the batch's.
        int m = Math.min(cfg.accumulationSteps(), bs);
        for (int k = 0; k < m; k++) {
            int[] micro = m == 1 ? rows : java.util.Arrays.copyOfRange(rows, k * bs / m, (k + 1) * bs / m);
            try (var scope = TensorScope.open(); Batch b = loader.load(micro, backend)) {
                Tensor l = loss.compute(model.forward(b.x()), b.y());
                if (m > 1) l = l.mul((double) micro.length / bs);
                double part = l.item();
                if (!Double.isFinite(part)) return part;
                lossValue += part;
                l.backward();
            }
        }
        return lossValue;
    }

    private Map<String, Double> evaluateAndCheckpoint(Dataset eval) {
        Map<String, Double> m = evaluate(model, loss, eval, cfg.evalBatchSize());
        Double v = m.get(cfg.monitor());
        if (v == null) {
            throw new IllegalArgumentException("Trainer: monitored metric '" + cfg.monitor() + "' is not computed; available: " + m.keySet());
        }
        // A non-finite metric is never an improvement, so a diverged model is never saved as the best one.
        boolean improved = Double.isFinite(v)
                && (Double.isNaN(best) || (larger() ? v > best + cfg.minDelta() : v < best - cfg.minDelta()));
        if (improved) {
            best = v;
            badEvals = 0;
        } else {
            badEvals++;
            if (cfg.patience() > 0 && badEvals >= cfg.patience()) stoppedEarly = true;
        }
        // Listeners first, so that the checkpoints below hold their state with this evaluation in it.
        for (TrainingListener li : listeners) li.onEvaluate(step, epoch, m, improved);
        if (improved) saveCheckpoint(BEST);
        saveCheckpoint(LAST);
        return m;
    }

    /**
     * Loss and task metrics of {@code model} on {@code data} in eval mode under no-grad: classification gives loss,
     * accuracy and macro_f1; regression gives loss, mse, mae and r2. Loss is the per-sample mean over batches. The
     * model's mode is restored afterwards; its parameters are not modified.
     *
     * @param model     the model, with at least one parameter
     * @param loss      the loss to report
     * @param data      the samples
     * @param batchSize the samples per forward pass
     * @return a new map from metric name to value, in the order listed
     * @throws IllegalArgumentException if {@code batchSize} is not positive or {@code data} is empty
     */
    public static Map<String, Double> evaluate(Module model, Loss loss, Dataset data, int batchSize) {
        Backend backend = model.parameters().get(0).value().backend();
        boolean wasTraining = model.isTraining();
        model.eval();
        Map<String, Double> out = new LinkedHashMap<>();
        double lossSum = 0;
        try (var g = GradMode.disable()) {
            DataLoader loader = new DataLoader(data, batchSize, false, false, 0);
            ConfusionMatrix cm = data.isClassification() ? new ConfusionMatrix(data.numClasses()) : null;
            float[] preds = data.isClassification() ? null : new float[data.size() * data.targetDim()];
            for (int[] idx : loader.plan(0)) {
                try (var scope = TensorScope.open(); Batch b = loader.load(idx, backend)) {
                    Tensor y = model.forward(b.x());
                    lossSum += loss.compute(y, b.y()).item() * idx.length;
                    if (cm != null) {
                        long[] p = y.argmax(-1).toLongArray();
                        for (int i = 0; i < idx.length; i++) cm.add(data.label(idx[i]), (int) p[i]);
                    } else {
                        float[] v = y.toFloatArray();
                        int d = data.targetDim();
                        for (int j = 0; j < idx.length; j++) System.arraycopy(v, j * d, preds, idx[j] * d, d);
                    }
                }
            }
            out.put("loss", lossSum / data.size());
            if (cm != null) {
                out.put("accuracy", cm.accuracy());
                out.put("macro_f1", cm.macroF1());
            } else {
                RegressionMetrics r = RegressionMetrics.of(data.targets(), preds);
                out.put("mse", r.mse());
                out.put("mae", r.mae());
                out.put("r2", r.r2());
            }
        } finally {
            model.train(wasTraining);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // checkpoints
    // ---------------------------------------------------------------------------------------------------------------

    private void saveCheckpoint(String name) {
        if (cfg.checkpointDir() == null) return;
        requireFiniteWeights();
        writeCheckpoint(cfg.checkpointDir().resolve(name));
    }

    private void requireFiniteWeights() {
        try (var scope = TensorScope.open(); var g = GradMode.disable()) {
            for (var p : model.namedParameters().entrySet()) {
                if (!Double.isFinite(p.getValue().value().mul(0).sum().item())) { // 0 unless a value is NaN or infinite
                    throw TrainingDivergedException.weights(p.getKey(), step, epoch, optimizer.lr());
                }
            }
        }
    }

    /**
     * Writes model, optimizer and trainer state to {@code file} (atomically), creating its directory when needed.
     *
     * @param file the checkpoint file
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public void writeCheckpoint(Path file) {
        ObjectNode state = Json.object().put("epoch", epoch).put("batch", batch).put("step", step)
                .put("rng_seed", rng.seed()).put("rng_counter", rng.counter())
                .put("scheduler_step", scheduler == null ? 0 : scheduler.stepCount())
                .put("bad_evals", badEvals).put("finished", finished).put("stopped_early", stoppedEarly);
        if (!Double.isNaN(best)) state.put("best", best);
        try (var scope = TensorScope.open()) {
            Map<String, Tensor> all = new LinkedHashMap<>();
            model.stateDict().forEach((k, v) -> all.put("model." + k, v));
            optimizer.stateDict().forEach((k, v) -> all.put("optim." + k, v));
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "tensorforge-checkpoint");
            meta.put("trainer", state.toString());
            for (TrainingListener li : listeners) {
                if (li instanceof CheckpointedListener c) meta.put(LISTENER_PREFIX + c.checkpointKey(), c.checkpointState());
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Safetensors.write(file, all, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: could not write checkpoint " + file, e);
        }
    }

    /**
     * Loads a checkpoint written by {@link #writeCheckpoint} into the model, optimizer, scheduler and this trainer
     * (all modified in place), and into every {@link CheckpointedListener} whose state it holds.
     *
     * @param file the checkpoint file
     * @throws IllegalArgumentException     if the file is not a TensorForge checkpoint, was trained with another seed,
     *                                      or its optimizer state does not match the optimizer
     * @throws io.github.tensorforge.nn.io.SafetensorsException if the file is malformed or its model weights do not
     *                                      match the model
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public void restore(Path file) {
        try (var scope = TensorScope.open()) {
            Map<String, String> meta = Safetensors.metadata(file);
            String trainer = meta.get("trainer");
            if (!"tensorforge-checkpoint".equals(meta.get("format")) || trainer == null) {
                throw new IllegalArgumentException("Trainer.restore: " + file + " is not a TensorForge checkpoint");
            }
            JsonNode s = Json.parse(trainer);
            Safetensors.loadInto(file, model, "model.");
            Map<String, Tensor> optim = Safetensors.load(file, backend(), "optim.");
            optimizer.loadStateDict(optim);
            epoch = Json.requireInt(s, "epoch");
            batch = Json.requireInt(s, "batch");
            step = s.path("step").asLong();
            if (s.path("rng_seed").asLong() != rng.seed()) {
                throw new IllegalArgumentException("Trainer.restore: checkpoint was trained with seed " + s.path("rng_seed").asLong()
                        + " but this trainer uses " + rng.seed() + "; use the same seed to resume exactly");
            }
            rng.setCounter(s.path("rng_counter").asLong());
            if (scheduler != null) scheduler.setStepCount(s.path("scheduler_step").asLong());
            else if (optim.containsKey("lr")) optimizer.setLr(optim.get("lr").item());
            badEvals = s.path("bad_evals").asInt();
            finished = s.path("finished").asBoolean();
            stoppedEarly = s.path("stopped_early").asBoolean();
            best = s.has("best") ? s.get("best").asDouble() : Double.NaN;
            for (TrainingListener li : listeners) {
                if (li instanceof CheckpointedListener c && meta.containsKey(LISTENER_PREFIX + c.checkpointKey())) {
                    c.restoreCheckpointState(meta.get(LISTENER_PREFIX + c.checkpointKey()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: could not read checkpoint " + file, e);
        }
    }

    /**
     * Loads only the model weights of a checkpoint (e.g. the best one) into {@code model}, in place.
     *
     * @param checkpoint the checkpoint file
     * @param model      the model to load into
     * @throws io.github.tensorforge.nn.io.SafetensorsException if the file is malformed or its weights do not match
     *                                      the model
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static void loadModelWeights(Path checkpoint, Module model) {
        try {
            Safetensors.loadInto(checkpoint, model, "model.");
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: could not read checkpoint " + checkpoint, e);
        }
    }

    /**
     * The optimizer steps done so far.
     *
     * @return the step count
     */
    public long step() { return step; }

    /**
     * The current epoch, from 0: the number of epochs completed.
     *
     * @return the epoch
     */
    public int epoch() { return epoch; }
}
