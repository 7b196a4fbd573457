package io.github.tensorforge.nn.train;

import java.util.Map;

/** Callbacks from the {@link Trainer}; every method has an empty default. */
public interface TrainingListener {
    /**
     * Before the first step; {@code totalSteps} is the planned number of steps (epochs x batches, or maxSteps).
     *
     * @param startStep  the steps already done: 0 for a new run, the checkpoint's step when resuming
     * @param totalSteps the planned number of steps of the whole run, those already done included
     */
    default void onTrainBegin(long startStep, long totalSteps) {}

    /**
     * After each optimizer step.
     *
     * @param step      the steps done so far, this one included (from 1)
     * @param epoch     the current epoch, from 0
     * @param loss      the batch's mean training loss
     * @param lr        the optimizer's learning rate after the scheduler step
     * @param batchSize the rows in this batch
     */
    default void onStep(long step, int epoch, double loss, double lr, int batchSize) {}

    /**
     * After each evaluation; {@code improved} says whether the monitored metric reached a new best. Called before the
     * checkpoints of this evaluation are written.
     *
     * @param step     the steps done so far
     * @param epoch    the current epoch, from 0
     * @param metrics  the eval metrics by name, as from {@link Trainer#evaluate}
     * @param improved whether the monitored metric improved on the best so far
     */
    default void onEvaluate(long step, int epoch, Map<String, Double> metrics, boolean improved) {}

    /**
     * After each completed epoch (and its evaluation, when evaluating per epoch).
     *
     * @param epoch the epoch that ended, from 0
     * @param step  the steps done so far
     */
    default void onEpochEnd(int epoch, long step) {}

    /**
     * When the run ends (epochs done, step limit reached or stopped early), after the last checkpoint.
     *
     * @param result what the run did
     */
    default void onTrainEnd(Trainer.Result result) {}
}
