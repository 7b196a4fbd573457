/**
 * Optimizers and learning-rate schedules with PyTorch's update rules: {@link io.github.tensorforge.nn.optim.SGD},
 * {@link io.github.tensorforge.nn.optim.Adam}, {@link io.github.tensorforge.nn.optim.AdamW} and
 * {@link io.github.tensorforge.nn.optim.RMSprop} on a common {@link io.github.tensorforge.nn.optim.Optimizer} base
 * (parameter groups, per-parameter state, state dicts for exact resumption), gradient clipping by global norm
 * ({@link io.github.tensorforge.nn.optim.GradClip}), and closed-form schedules
 * ({@link io.github.tensorforge.nn.optim.LrScheduler}).
 *
 * <p>One optimizer step is one gradient update: it modifies the parameters and the optimizer's state in place, under
 * no-grad, and leaves the gradients for the caller to clear.
 */
package io.github.tensorforge.nn.optim;
