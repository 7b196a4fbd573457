package io.github.tensorforge.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.cli.report.LossPlot;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.train.Trainer;
import io.github.tensorforge.nn.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records a training run for the plot and metrics.json: training loss (averaged over windows of steps), every
 * evaluation, and the time spent in training steps per epoch (evaluation excluded, so seconds per epoch compare with
 * other frameworks' training-only figures).
 */
final class TrainingHistory implements TrainingListener {
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
