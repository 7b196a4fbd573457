package io.github.tensorforge.spark;

import java.io.Serializable;

/**
 * What every executor needs for one step, broadcast once per step: the weights every replica starts the step from,
 * and the global batch.
 *
 * @param weights   every parameter of the model (trainable or not), concatenated in parameter order
 * @param rows      the global batch's rows of the training set, in the order the data loader drew them
 * @param step      the 1-based optimizer step (seeds each shard's dropout)
 */
record StepInput(float[] weights, int[] rows, long step) implements Serializable {}
