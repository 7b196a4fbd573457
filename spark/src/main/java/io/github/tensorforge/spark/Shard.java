package io.github.tensorforge.spark;

import io.github.tensorforge.nn.data.Dataset;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One partition of the training set, cached on an executor for the whole run, so that a step ships only the weights
 * and the batch's row numbers. Its rows are training-set rows {@code positions[i]}: a contiguous range when the driver
 * cut the shards ({@link #of}), anywhere when the executor encoded its own partition ({@link SparkData}).
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final int[] positions;
    private final Dataset data;
    /** {@code positions} sorted, and the local row of each; built on the executor at first use. */
    private transient int[] sorted, localOfSorted;

    Shard(int index, int[] positions, Dataset data) {
        if (positions.length != data.size()) {
            throw new IllegalArgumentException("Shard: " + positions.length + " positions for " + data.size() + " rows");
        }
        this.index = index;
        this.positions = positions;
        this.data = data;
    }

    /** Shard {@code index} of {@code parts}: a contiguous share of {@code train}'s rows. */
    static Shard of(Dataset train, int index, int parts) {
        int lo = (int) ((long) train.size() * index / parts), hi = (int) ((long) train.size() * (index + 1) / parts);
        int[] rows = new int[hi - lo];
        for (int i = 0; i < rows.length; i++) rows[i] = lo + i;
        return new Shard(index, rows, train.subset(rows));
    }

    int index() { return index; }

    Dataset data() { return data; }

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
        lookup();
        int[] out = new int[rows.length];
        int n = 0;
        for (int r : rows) {
            int k = Arrays.binarySearch(sorted, r);
            if (k >= 0) out[n++] = localOfSorted[k];
        }
        return Arrays.copyOf(out, n);
    }

    private synchronized void lookup() {
        if (sorted != null) return;
        Integer[] order = new Integer[positions.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Integer.compare(positions[a], positions[b]));
        int[] s = new int[order.length], l = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            s[i] = positions[order[i]];
            l[i] = order[i];
        }
        localOfSorted = l;
        sorted = s;
    }
}
