package io.github.tensorforge.nn.optim;

import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;

import java.util.Map;

/** Adam with decoupled weight decay ({@code p = p (1 - lr wd)} before the Adam step); PyTorch's default wd 0.01. */
public final class AdamW extends Adam {
    public AdamW(Module model, double lr) { this(model.namedParameters(), lr, 0.9, 0.999, 1e-8, 0.01, false); }

    public AdamW(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean amsgrad) {
        super(params, lr, beta1, beta2, eps, weightDecay, true, amsgrad);
    }
}
