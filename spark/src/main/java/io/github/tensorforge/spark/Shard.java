package io.github.tensorforge.spark;

import io.github.tensorforge.nn.data.Dataset;

import java.io.Serializable;

/**
 * One partition of the training set: rows {@code [offset, offset + data.size())}, cached on an executor for the whole
 * run, so that a step ships only the weights and the batch's row numbers.
 *
 * @param index  the shard's number (its partition)
 * @param offset the training-set row of its first row
 * @param data   its rows
 */
record Shard(int index, int offset, Dataset data) implements Serializable {
    /** Shard {@code index} of {@code parts}: a contiguous share of {@code train}'s rows. */
    static Shard of(Dataset train, int index, int parts) {
        int lo = (int) ((long) train.size() * index / parts), hi = (int) ((long) train.size() * (index + 1) / parts);
        int[] rows = new int[hi - lo];
        for (int i = 0; i < rows.length; i++) rows[i] = lo + i;
        return new Shard(index, lo, train.subset(rows));
    }

    /** This shard's part of one step's gradient (nothing when none of the batch's rows is here). */
    GradientSum gradients(ModelRecipe recipe, StepInput in) {
        int[] local = localRows(in.rows());
        if (local.length == 0) return new GradientSum();
        return Replica.with(recipe, r -> r.gradients(recipe, data, local, in.rows().length, in, index));
    }

    /** This shard's result of one parameter-averaging round (nothing when none of the round's rows is here). */
    AveragingRound.Sum localSteps(ModelRecipe recipe, OptimizerFactory optimizers, AveragingRound.Input in) {
        return Replica.with(recipe, r -> r.localSteps(recipe, optimizers, data, this, in));
    }

    /** The batch's rows that are in this shard, as indices into it, in batch order. */
    int[] localRows(int[] rows) {
        int n = 0, end = offset + data.size();
        for (int r : rows) if (r >= offset && r < end) n++;
        int[] out = new int[n];
        int j = 0;
        for (int r : rows) if (r >= offset && r < end) out[j++] = r - offset;
        return out;
    }
}
