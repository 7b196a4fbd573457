package io.github.tensorforge.spi;

import java.util.Arrays;

/**
 * The operand rules of the fused kernels that run element by element over several views ({@link FusedKernels#adamStep},
 * {@link FusedKernels#dropout}): every view has the first one's floating dtype and size and is contiguous. Every
 * backend checks them with the same messages.
 */
public final class FusedOperands {
    private FusedOperands() {}

    /**
     * Throws naming {@code backend}, {@code op}, the role and the shapes unless every non-null view matches
     * {@code views[0]} (a float32 or float64 view) in dtype and size and is contiguous.
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
