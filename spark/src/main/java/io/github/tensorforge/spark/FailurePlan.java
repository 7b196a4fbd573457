package io.github.tensorforge.spark;

import org.apache.spark.TaskContext;

import java.io.Serializable;

/**
 * A task failure to inject, to prove that a retried task leaves the result unchanged: the first attempt of the task
 * that computes shard {@code shard}'s gradient at step {@code step} throws, after its forward pass.
 *
 * @param step  the 1-based step
 * @param shard the shard (partition) index
 */
record FailurePlan(long step, int shard) implements Serializable {
    void maybeFail(long currentStep, int currentShard) {
        TaskContext task = TaskContext.get();
        if (currentStep == step && currentShard == shard && task != null && task.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure: step " + step + ", shard " + shard + ", attempt 0");
        }
    }
}
