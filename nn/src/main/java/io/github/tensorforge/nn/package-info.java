/**
 * The core of the {@code nn} module: {@link io.github.tensorforge.nn.Module}, the base of every layer and model (named
 * {@link io.github.tensorforge.nn.Parameter}s, buffers and submodules, train/eval mode, and state dicts whose dotted
 * names match PyTorch's so that safetensors checkpoints load by name), the containers
 * {@link io.github.tensorforge.nn.Sequential} and {@link io.github.tensorforge.nn.ModuleList}, seeded parameter
 * initialization with PyTorch's formulas ({@link io.github.tensorforge.nn.Init}), and the checkpointable random stream
 * that dropout draws from ({@link io.github.tensorforge.nn.RngStream}).
 *
 * <p>Everything here is written against core's backend-agnostic {@code Tensor} API, so a model runs unchanged on any
 * backend; parameters are float32 unless converted. The subpackages build on it: {@code layers} and {@code models}
 * (what a network is made of), {@code loss}, {@code optim}, {@code data}, {@code train} and {@code metrics} (the
 * training workflow from labeled samples to evaluation), {@code io} (model files and pretrained checkpoints) and
 * {@code text} (tokenizers).
 */
package io.github.tensorforge.nn;
