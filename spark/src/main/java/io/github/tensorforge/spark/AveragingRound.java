package io.github.tensorforge.spark;

import java.io.Serializable;

/**
 * One round of parameter averaging: what every executor starts from (broadcast), and what the shards send back and
 * the {@link OrderedSum} adds up.
 */
final class AveragingRound {
    private AveragingRound() {}

    /**
     * The round's start.
     *
     * @param weights   every parameter, concatenated in parameter order
     * @param state     the optimizer's state
     * @param batches   the round's global batches (rows of the training set), one local step each
     * @param lrs       the learning rate of each of those steps (the driver's schedule)
     * @param firstStep the 1-based global step of the first batch
     * @param clipNorm  the gradient norm each local step clips to, or 0
     */
    record Input(float[] weights, OptimizerState state, int[][] batches, double[] lrs, long firstStep, double clipNorm)
            implements Serializable {}

    /** Shard results, weighted by the rows each trained on in the round, summed. */
    static final class Sum implements OrderedSum.Summable<Sum> {
        private static final long serialVersionUID = 1L;

        float[] weights;
        OptimizerState state;
        /** Sum over the round's batches of each shard's mean loss times its share of the batch. */
        double loss;
        long rows;

        Sum() {}

        /** A shard's result: its weights and state after its local steps, having trained on {@code rows} rows. */
        Sum(float[] weights, OptimizerState state, double loss, long rows) {
            this.state = new OptimizerState();
            this.state.addWeighted(state, rows);
            this.weights = weights.clone();
            for (int i = 0; i < this.weights.length; i++) this.weights[i] *= rows;
            this.loss = loss;
            this.rows = rows;
        }

        @Override public Sum add(Sum o) {
            if (o.weights != null) {
                if (weights == null) {
                    weights = o.weights.clone();
                    state = new OptimizerState();
                } else {
                    for (int i = 0; i < weights.length; i++) weights[i] += o.weights[i];
                }
                state.addWeighted(o.state, 1.0);
            }
            loss += o.loss;
            rows += o.rows;
            return this;
        }
    }
}
