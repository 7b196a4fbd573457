/**
 * Layers as {@link io.github.tensorforge.nn.Module}s, with PyTorch's semantics, default initialization and parameter
 * names: {@link io.github.tensorforge.nn.layers.Linear}, {@link io.github.tensorforge.nn.layers.Conv2d} and pooling,
 * {@link io.github.tensorforge.nn.layers.Embedding} and positional embeddings, layer normalization, dropout,
 * activations, softmax, and the Transformer encoder parts
 * ({@link io.github.tensorforge.nn.layers.MultiHeadAttention},
 * {@link io.github.tensorforge.nn.layers.TransformerEncoderLayer},
 * {@link io.github.tensorforge.nn.layers.TransformerEncoder}).
 *
 * <p>Each layer is composed from core's differentiable tensor ops, so every backend runs it and autograd gives its
 * gradients; each documents the shapes of its forward ({@code x: (B, T, C)}) and whether it behaves differently in
 * training and eval mode (only dropout does). Layers that describe themselves as JSON ({@code config()}) can be
 * rebuilt by {@code io.ModelFactory}.
 */
package io.github.tensorforge.nn.layers;
