package io.github.tensorforge.nn.train;

import java.util.Locale;

/**
 * Training diverged: the loss, or a weight about to be checkpointed, became NaN or infinite (a learning rate too
 * large is the usual cause; extreme values in the data are another). The {@link Trainer} stops with it before
 * anything non-finite reaches a checkpoint.
 */
public final class TrainingDivergedException extends ArithmeticException {
    /** The optimizer step at which training diverged. */
    private final long step;

    private TrainingDivergedException(String what, long step, int epoch, double lr) {
        super(String.format(Locale.ROOT, "training diverged: %s at step %d (epoch %d), so training stops; lower the "
                + "learning rate (it is %s), clip gradients, or check the data for extreme values", what, step,
                epoch + 1, java.math.BigDecimal.valueOf(lr).toPlainString()));
        this.step = step;
    }

    /**
     * The exception for a non-finite training loss (distributed trainers raise it too).
     *
     * @param loss  the loss
     * @param step  the 1-based step
     * @param epoch the 0-based epoch
     * @param lr    the learning rate
     * @return the exception, to throw
     */
    public static TrainingDivergedException loss(double loss, long step, int epoch, double lr) {
        return new TrainingDivergedException("the loss is " + loss, step, epoch, lr);
    }

    static TrainingDivergedException weights(String parameter, long step, int epoch, double lr) {
        return new TrainingDivergedException("parameter " + parameter + " holds non-finite values", step, epoch, lr);
    }

    /**
     * The step (counting from 1) where training diverged.
     *
     * @return the step
     */
    public long step() { return step; }
}
