/**
 * The training workflow: the {@link io.github.tensorforge.nn.train.Trainer} loop (epochs of shuffled batches, forward,
 * loss, backward, optimizer and scheduler steps, periodic evaluation with task metrics, early stopping, and atomic
 * checkpoints that resume bit-exactly on the same backend), its callbacks
 * ({@link io.github.tensorforge.nn.train.TrainingListener},
 * {@link io.github.tensorforge.nn.train.CheckpointedListener}), the
 * {@link io.github.tensorforge.nn.train.TrainingDivergedException} that stops a run whose loss or weights are no
 * longer finite, and batched inference in eval mode ({@link io.github.tensorforge.nn.train.Predictor}).
 */
package io.github.tensorforge.nn.train;
