package io.github.tensorforge.nn.train;

import java.util.Map;

/** Callbacks from the {@link Trainer}; every method has an empty default. */
public interface TrainingListener {
    /** Before the first step; {@code totalSteps} is the planned number of steps (epochs x batches, or maxSteps). */
    default void onTrainBegin(long startStep, long totalSteps) {}

    /** After each optimizer step. */
    default void onStep(long step, int epoch, double loss, double lr, int batchSize) {}

    /** After each evaluation; {@code improved} says whether the monitored metric reached a new best. */
    default void onEvaluate(long step, int epoch, Map<String, Double> metrics, boolean improved) {}

    default void onEpochEnd(int epoch, long step) {}

    default void onTrainEnd(Trainer.Result result) {}
}
