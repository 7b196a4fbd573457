package io.github.tensorforge.spark;

/**
 * What the executors send back for one step and what the {@link OrderedSum} adds up: the summed gradient of the trainable
 * parameters (each shard's already weighted by its share of the global batch), the summed loss and the rows.
 */
final class GradientSum implements OrderedSum.Summable<GradientSum> {
    private static final long serialVersionUID = 1L;

    /** The trainable parameters' gradients, concatenated in parameter order; null while no shard has added one. */
    float[] grad;
    double loss;
    int rows;

    GradientSum() {}

    GradientSum(float[] grad, double loss, int rows) {
        this.grad = grad;
        this.loss = loss;
        this.rows = rows;
    }

    /** Adds {@code o} into this one (in place: Spark allows the aggregation to reuse its first argument). */
    @Override public GradientSum add(GradientSum o) {
        if (o.grad != null) {
            if (grad == null) {
                grad = o.grad.clone();
            } else {
                for (int i = 0; i < grad.length; i++) grad[i] += o.grad[i];
            }
        }
        loss += o.loss;
        rows += o.rows;
        return this;
    }
}
