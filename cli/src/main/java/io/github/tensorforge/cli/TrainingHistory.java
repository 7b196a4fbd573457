package io.github.tensorforge.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.cli.report.LossPlot;
import io.github.tensorforge.nn.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.tensorforge.nn.train.CheckpointedListener;
import io.github.tensorforge.nn.train.Trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records a training run for the plot and metrics.json: training loss (averaged over windows of steps), every
 * evaluation, and the time spent in training steps per epoch (evaluation excluded, so seconds per epoch compare with
 * other frameworks' training-only figures). It travels in the checkpoints, so after --resume metrics.json and the
 * plot hold the whole run; the time of the interrupted part is not in this run's timings.
 */
final class TrainingHistory implements CheckpointedListener {
    final List<LossPlot.Point> trainLoss = new ArrayList<>();
    final List<LossPlot.Point> evalLoss = new ArrayList<>();
    final ArrayNode evaluations = Json.array();
    final List<Double> epochSeconds = new ArrayList<>();
    final List<Double> epochMeanLoss = new ArrayList<>();
    long bestStep = -1;
    long samples;
    /** Optimizer steps taken in this run (fewer than the trainer's step count after --resume). */
    long steps;
    /** Batches per epoch of the training set, to scale the time per step to an epoch. */
    int stepsPerEpoch;

    private long window = 1, windowCount;
    private double windowSum, epochLossSum;
    private long epochSteps;
    private long lastTick, trainNanos, epochStartNanos;

    @Override public void onTrainBegin(long startStep, long totalSteps) {
        window = Math.max(1, totalSteps / 200);
        lastTick = System.nanoTime();
    }

    @Override public void onStep(long step, int epoch, double loss, double lr, int batchSize) {
        long now = System.nanoTime();
        trainNanos += now - lastTick;
        lastTick = now;
        samples += batchSize;
        steps++;
        windowSum += loss;
        windowCount++;
        epochLossSum += loss;
        epochSteps++;
        if (windowCount >= window) {
            trainLoss.add(new LossPlot.Point(step, windowSum / windowCount));
            windowSum = 0;
            windowCount = 0;
        }
    }

    @Override public void onEvaluate(long step, int epoch, Map<String, Double> metrics, boolean improved) {
        ObjectNode o = evaluations.addObject().put("step", step).put("epoch", epoch + 1).put("best", improved);
        metrics.forEach(o::put);
        Double l = metrics.get("loss");
        if (l != null) evalLoss.add(new LossPlot.Point(step, l));
        if (improved) bestStep = step;
        lastTick = System.nanoTime();
    }

    @Override public void onEpochEnd(int epoch, long step) {
        epochSeconds.add((trainNanos - epochStartNanos) / 1e9);
        epochStartNanos = trainNanos;
        epochMeanLoss.add(epochSteps == 0 ? Double.NaN : epochLossSum / epochSteps);
        epochLossSum = 0;
        epochSteps = 0;
        lastTick = System.nanoTime();
    }

    @Override public void onTrainEnd(Trainer.Result result) {
        if (windowCount > 0) trainLoss.add(new LossPlot.Point(result.steps(), windowSum / windowCount));
        windowCount = 0;
    }

    @Override public String checkpointKey() { return "history"; }

    @Override public String checkpointState() {
        ObjectNode o = Json.object().put("best_step", bestStep).put("window_sum", windowSum)
                .put("window_count", windowCount).put("epoch_loss_sum", epochLossSum).put("epoch_steps", epochSteps);
        o.set("evaluations", evaluations);
        o.set("train_loss", points(trainLoss));
        o.set("eval_loss", points(evalLoss));
        ArrayNode secs = o.putArray("epoch_seconds"), mean = o.putArray("epoch_mean_loss");
        epochSeconds.forEach(secs::add);
        epochMeanLoss.forEach(mean::add);
        return o.toString();
    }

    @Override public void restoreCheckpointState(String state) {
        JsonNode o;
        try {
            o = Json.parse(state);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the training history in the checkpoint is not JSON", e);
        }
        bestStep = o.path("best_step").asLong(-1);
        windowSum = o.path("window_sum").asDouble();
        windowCount = o.path("window_count").asLong();
        epochLossSum = o.path("epoch_loss_sum").asDouble();
        epochSteps = o.path("epoch_steps").asLong();
        evaluations.removeAll();
        o.path("evaluations").forEach(evaluations::add);
        restorePoints(o.path("train_loss"), trainLoss);
        restorePoints(o.path("eval_loss"), evalLoss);
        epochSeconds.clear();
        o.path("epoch_seconds").forEach(v -> epochSeconds.add(v.asDouble()));
        epochMeanLoss.clear();
        o.path("epoch_mean_loss").forEach(v -> epochMeanLoss.add(v.asDouble()));
    }

    private static ArrayNode points(List<LossPlot.Point> points) {
        ArrayNode a = Json.array();
        for (LossPlot.Point p : points) a.addArray().add(p.step()).add(p.value());
        return a;
    }

    private static void restorePoints(JsonNode a, List<LossPlot.Point> into) {
        into.clear();
        for (JsonNode p : a) into.add(new LossPlot.Point(p.get(0).asLong(), p.get(1).asDouble()));
    }

    /** Seconds in training steps, all epochs. */
    double trainSeconds() { return trainNanos / 1e9; }

    /**
     * Training seconds per epoch: the mean time per optimizer step of this run times the batches per epoch (so a
     * resumed or early-stopped run still gives a per-epoch figure); NaN before any step.
     */
    double secondsPerEpoch() {
        if (steps == 0) return Double.NaN;
        return trainSeconds() / steps * stepsPerEpoch;
    }
}
