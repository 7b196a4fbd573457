package io.github.tensorforge.spi;

import java.util.Arrays;

/**
 * The operand rules of the fused kernels that run element by element over several views
 * ({@link FusedKernels#adamStep}, {@link FusedKernels#dropout}): every view has the first one's floating dtype and size
 * and is contiguous. Every backend checks them with the same messages.
 */
public final class FusedOperands {
    private FusedOperands() {}

    /**
     * Throws naming {@code backend}, {@code op}, the role and the shapes unless every non-null view matches
     * {@code views[0]} (a float32 or float64 view) in dtype and size and is contiguous. Reads only the views'
     * metadata.
     *
     * @param backend the backend's name, for the message
     * @param op      the kernel's name, for the message
     * @param roles   the name of each view, for the message; at least as long as {@code views}
     * @param views   the operands; the first is the reference and must not be null, later ones may be null (absent)
     * @throws IllegalArgumentException if {@code views[0]} is not FLOAT32 or FLOAT64, or a non-null view differs from
     *                                  it in dtype or size, or is not contiguous
     */
    public static void requireMatching(String backend, String op, String[] roles, View... views) {
        View first = views[0];
        if (!first.dtype().isFloating()) {
            throw new IllegalArgumentException(backend + ": " + op + ": " + roles[0] + " must be float32 or float64, got "
                    + first);
        }
        for (int i = 0; i < views.length; i++) {
            View v = views[i];
            if (v == null) continue; // an optional operand (Adam's maxExpAvgSq without amsgrad)
            if (v.dtype() != first.dtype() || v.size() != first.size()) {
                throw new IllegalArgumentException(backend + ": " + op + ": " + roles[i] + " is " + v.dtype() + " "
                        + Arrays.toString(v.shape()) + " but " + roles[0] + " is " + first.dtype() + " "
                        + Arrays.toString(first.shape()) + "; every operand must match " + roles[0]
                        + " in dtype and size");
            }
            if (!v.isContiguous()) {
                throw new IllegalArgumentException(backend + ": " + op + ": " + roles[i] + " must be contiguous for the "
                        + "fused kernel, got " + v + "; make it contiguous first (core's Functional does, or falls back "
                        + "to the composite)");
            }
        }
    }
}
