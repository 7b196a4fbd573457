package io.github.tensorforge.core;

/**
 * Values picked along an axis and where they came from, as PyTorch's {@code (values, indices)} pairs of
 * {@code max(dim)}, {@code sort} and {@code topk}. The values are differentiable (their gradient goes back to the
 * positions in {@code indices}); the indices are INT64 and carry no gradient.
 *
 * @param values  the values
 * @param indices their positions along the axis, INT64, of the values' shape
 */
public record ValuesAndIndices(Tensor values, Tensor indices) {}
