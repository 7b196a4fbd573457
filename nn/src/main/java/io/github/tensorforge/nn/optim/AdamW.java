package io.github.tensorforge.nn.optim;

import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;

import java.util.Map;

/**
 * Adam with decoupled weight decay ({@code p = p (1 - lr wd)} before the Adam step); PyTorch's default wd 0.01.
 * {@link #step()} updates the parameters in place.
 */
public final class AdamW extends Adam {
    /**
     * AdamW on every trainable parameter of {@code model} with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8,
     * weight decay 0.01, no amsgrad.
     *
     * @param model the model whose parameters are trained
     * @param lr    the learning rate, at least 0
     * @throws IllegalArgumentException if {@code lr} is negative or NaN, or the model has no trainable parameters
     */
    public AdamW(Module model, double lr) { this(model.namedParameters(), lr, 0.9, 0.999, 1e-8, 0.01, false); }

    /**
     * AdamW with the given hyperparameters.
     *
     * @param params      the parameters by name; the trainable ones are trained
     * @param lr          the learning rate, at least 0
     * @param beta1       the decay of the first moment, in {@code [0, 1)}
     * @param beta2       the decay of the second moment, in {@code [0, 1)}
     * @param eps         added to the denominator, at least 0
     * @param weightDecay the decoupled weight decay, at least 0
     * @param amsgrad     whether to use the running maximum of the second moment
     * @throws IllegalArgumentException if a hyperparameter is out of range, or no parameter is trainable
     */
    public AdamW(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean amsgrad) {
        super(params, lr, beta1, beta2, eps, weightDecay, true, amsgrad);
    }
}
