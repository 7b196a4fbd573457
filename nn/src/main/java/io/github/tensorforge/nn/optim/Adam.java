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
 * used in the denominator. State slots: {@code exp_avg}, {@code exp_avg_sq} ({@code max_exp_avg_sq}), each shaped
 * and typed like its parameter; {@link #step()} updates parameters and slots in place.
 */
public class Adam extends Optimizer {
    private final double beta1, beta2, eps, weightDecay;
    private final boolean decoupled, amsgrad;

    /**
     * Adam on every trainable parameter of {@code model} with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no
     * weight decay, no amsgrad.
     *
     * @param model the model whose parameters are trained
     * @param lr    the learning rate, at least 0
     * @throws IllegalArgumentException if {@code lr} is negative or NaN, or the model has no trainable parameters
     */
    public Adam(Module model, double lr) { this(model.namedParameters(), lr, 0.9, 0.999, 1e-8, 0, false, false); }

    /**
     * Adam with L2 weight decay added to the gradient.
     *
     * @param params      the parameters by name; the trainable ones are trained
     * @param lr          the learning rate, at least 0
     * @param beta1       the decay of the first moment, in {@code [0, 1)}
     * @param beta2       the decay of the second moment, in {@code [0, 1)}
     * @param eps         added to the denominator, at least 0
     * @param weightDecay the L2 penalty, at least 0
     * @param amsgrad     whether to use the running maximum of the second moment
     * @throws IllegalArgumentException if a hyperparameter is out of range, or no parameter is trainable
     */
    public Adam(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean amsgrad) {
        this(params, lr, beta1, beta2, eps, weightDecay, false, amsgrad);
    }

    /**
     * Adam with either L2 or decoupled weight decay (the latter is {@link AdamW}).
     *
     * @param params      the parameters by name; the trainable ones are trained
     * @param lr          the learning rate, at least 0
     * @param beta1       the decay of the first moment, in {@code [0, 1)}
     * @param beta2       the decay of the second moment, in {@code [0, 1)}
     * @param eps         added to the denominator, at least 0
     * @param weightDecay the weight decay, at least 0
     * @param decoupled   {@code true}: {@code p = p (1 - lr wd)} (AdamW); {@code false}: {@code g = g + wd p}
     * @param amsgrad     whether to use the running maximum of the second moment
     * @throws IllegalArgumentException if a hyperparameter is out of range, or no parameter is trainable
     */
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

    /**
     * Applies one Adam update to {@code p} in place and advances its state slots ({@code exp_avg},
     * {@code exp_avg_sq}, and {@code max_exp_avg_sq} with amsgrad) in place.
     *
     * @param name the parameter's name, the key of its state and group
     * @param p    the parameter's value, overwritten
     * @param g    its gradient, left unchanged
     * @param step the number of updates of this parameter so far, this one included (from 1)
     */
    @Override protected void update(String name, Tensor p, Tensor g, long step) {
        Functional.adamStep(p, g, state(name, "exp_avg", p), state(name, "exp_avg_sq", p),
                amsgrad ? state(name, "max_exp_avg_sq", p) : null,
                new AdamStep(lrOf(name), beta1, beta2, eps, weightDecayOf(name, weightDecay), decoupled, step));
    }
}
