package io.github.tensorforge.nn.optim;

import io.github.tensorforge.core.GradMode;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.nn.Parameter;

import java.util.Collection;

/** Gradient clipping by global norm (PyTorch's {@code clip_grad_norm_}). */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales every gradient by {@code maxNorm / (total + 1e-6)} when the L2 norm of all gradients together exceeds
     * {@code maxNorm}. Returns the norm before clipping. The gradients are scaled in place, under no-grad;
     * parameters without a gradient are skipped.
     *
     * @param params  the parameters whose gradients are clipped
     * @param maxNorm the largest global L2 norm allowed, greater than 0
     * @return the global L2 norm of the gradients before clipping
     * @throws IllegalArgumentException if {@code maxNorm} is not greater than 0
     */
    public static double clipGradNorm(Collection<Parameter> params, double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("clipGradNorm: maxNorm must be > 0, got " + maxNorm);
        double sumSq = 0;
        try (var scope = TensorScope.open(); var g = GradMode.disable()) {
            for (Parameter p : params) {
                Tensor grad = p.grad();
                if (grad != null) sumSq += grad.mul(grad).sum().item();
            }
            double total = Math.sqrt(sumSq);
            double coef = maxNorm / (total + 1e-6);
            if (coef < 1) {
                for (Parameter p : params) {
                    Tensor grad = p.grad();
                    if (grad != null) grad.assign(grad.mul(coef));
                }
            }
            return total;
        }
    }
}
