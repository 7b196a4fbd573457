package io.github.tensorforge.nn.train;

import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.loss.Loss;

/**
 * The part of a training step that computes gradients: the forward and backward pass of one batch, whose gradient is
 * accumulated into the model's parameters. The {@link Trainer} keeps the rest of the step (clipping, the optimizer,
 * the schedule) and everything around it (data order, evaluation, early stopping, checkpoints, resuming), so a
 * distributed implementation (the {@code tensorforge-spark} module's) trains exactly as the local one does. The
 * default, when none is set, runs the batch on the model's backend in this JVM.
 */
@FunctionalInterface
public interface BatchGradients {
    /**
     * Computes the batch's mean loss and adds its gradient to the {@code grad} of every trainable parameter of the
     * trainer's model (which the trainer has just zeroed).
     *
     * @param rows the batch's rows of the training set, in the order the data loader drew them
     * @param step the 1-based number of the optimizer step the batch is for (a seed for anything random in it)
     * @return the batch's mean loss
     */
    double accumulate(int[] rows, long step);

    /** Makes the gradients of a run, for front ends that build their trainer themselves (the command). */
    @FunctionalInterface
    interface Factory {
        /**
         * The gradients of training {@code model} on {@code train}.
         *
         * @param model the model the trainer updates
         * @param loss  the training loss
         * @param train the training set the trainer's row indices refer to
         * @param cfg   the trainer's settings
         * @return the gradients for the trainer's {@link Trainer#gradients(BatchGradients)}
         */
        BatchGradients create(Module model, Loss loss, Dataset train, Trainer.Config cfg);
    }
}
