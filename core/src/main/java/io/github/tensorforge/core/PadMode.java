package io.github.tensorforge.core;

/** How {@link Tensor#pad} fills the new border, as the {@code mode} of PyTorch's {@code F.pad}. */
public enum PadMode {
    /** A constant value (0 unless given). */
    CONSTANT,
    /** The mirror image without repeating the edge: {@code [a b c]} padded by 2 reads {@code c b [a b c] b a}. */
    REFLECT,
    /** The edge element repeated: {@code a a [a b c] c c}. */
    REPLICATE,
    /** Wrapped around: {@code b c [a b c] a b}. */
    CIRCULAR
}
