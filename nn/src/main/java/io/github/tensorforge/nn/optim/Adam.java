package io.github.tensorforge.nn.optim;

import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.spi.AdamStep;

import java.util.Map;

/**
 * Adam with PyTorch's update: {@code g = g + wd p} (L2, Adam) or {@code p = p (1 - lr wd)} (decoupled, AdamW);
 * {@code m = b1 m + (1 - b1) g}; {@code v = b2 v + (1 - b2) g^2};
 * {@code p = p - (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps)}. With amsgrad, the running maximum of v is
 * used in the denominator. State slots: {@code exp_avg}, {@code exp_avg_sq} ({@code max_exp_avg_sq}).
 */
public class Adam extends Optimizer {
    private final double beta1, beta2, eps, weightDecay;
    private final boolean decoupled, amsgrad;

    public Adam(Module model, double lr) { this(model.namedParameters(), lr, 0.9, 0.999, 1e-8, 0, false, false); }

    public Adam(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean amsgrad) {
        this(params, lr, beta1, beta2, eps, weightDecay, false, amsgrad);
    }

    protected Adam(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                   boolean decoupled, boolean amsgrad) {
        super(params, lr);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": eps and weight decay must be >= 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.amsgrad = amsgrad;
    }

    @Override protected void update(String name, Tensor p, Tensor g, long step) {
        Functional.adamStep(p, g, state(name, "exp_avg", p), state(name, "exp_avg_sq", p),
                amsgrad ? state(name, "max_exp_avg_sq", p) : null,
                new AdamStep(lrOf(name), beta1, beta2, eps, weightDecayOf(name, weightDecay), decoupled, step));
    }
}
