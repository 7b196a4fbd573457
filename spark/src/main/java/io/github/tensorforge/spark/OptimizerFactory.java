package io.github.tensorforge.spark;

import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.optim.Optimizer;

import java.io.Serializable;
import java.util.function.Function;

/**
 * Makes the optimizer over a model, on the driver and on every executor (parameter averaging steps optimizers on the
 * executors): {@code m -> new Adam(m, 1e-3)} is one.
 */
@FunctionalInterface
public interface OptimizerFactory extends Function<Module, Optimizer>, Serializable {}
