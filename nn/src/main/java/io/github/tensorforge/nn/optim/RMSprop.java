package io.github.tensorforge.nn.optim;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;

import java.util.Map;

/**
 * RMSprop with PyTorch's update: {@code g = g + wd p}; {@code sq = alpha sq + (1 - alpha) g^2}; centered:
 * {@code ga = alpha ga + (1 - alpha) g}, {@code avg = sqrt(sq - ga^2) + eps}, else {@code avg = sqrt(sq) + eps};
 * with momentum {@code buf = mu buf + g / avg}, {@code p = p - lr buf}, else {@code p = p - lr g / avg}. State slots
 * {@code square_avg}, {@code grad_avg} (centered), {@code momentum_buffer} (momentum); {@link #step()} updates
 * parameters and slots in place.
 */
public final class RMSprop extends Optimizer {
    private final double alpha, eps, weightDecay, momentum;
    private final boolean centered;

    /**
     * RMSprop on every trainable parameter of {@code model} with PyTorch's defaults: alpha 0.99, eps 1e-8, no weight
     * decay, no momentum, not centered.
     *
     * @param model the model whose parameters are trained
     * @param lr    the learning rate, at least 0
     * @throws IllegalArgumentException if {@code lr} is negative or NaN, or the model has no trainable parameters
     */
    public RMSprop(Module model, double lr) { this(model.namedParameters(), lr, 0.99, 1e-8, 0, 0, false); }

    /**
     * RMSprop with the given hyperparameters.
     *
     * @param params      the parameters by name; the trainable ones are trained
     * @param lr          the learning rate, at least 0
     * @param alpha       the decay of the squared-gradient average, at least 0
     * @param eps         added to the denominator, at least 0
     * @param weightDecay the L2 penalty, at least 0
     * @param momentum    the momentum factor, at least 0 (0: none)
     * @param centered    whether to subtract the squared mean gradient from the squared average
     * @throws IllegalArgumentException if a hyperparameter is negative or NaN, or no parameter is trainable
     */
    public RMSprop(Map<String, Parameter> params, double lr, double alpha, double eps, double weightDecay,
                   double momentum, boolean centered) {
        super(params, lr);
        if (!(alpha >= 0) || !(eps >= 0) || !(weightDecay >= 0) || !(momentum >= 0)) {
            throw new IllegalArgumentException("RMSprop: alpha, eps, weight decay and momentum must be >= 0");
        }
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
    }

    /**
     * Applies one RMSprop update to {@code p} in place and advances its state slots ({@code square_avg},
     * {@code grad_avg} when centered, {@code momentum_buffer} with momentum) in place.
     *
     * @param name the parameter's name, the key of its state and group
     * @param p    the parameter's value, overwritten
     * @param g    its gradient, left unchanged
     * @param step the number of updates of this parameter so far, this one included (from 1)
     */
    @Override protected void update(String name, Tensor p, Tensor g, long step) {
        double wd = weightDecayOf(name, weightDecay);
        if (wd != 0) g = g.add(p.mul(wd));
        Tensor sq = state(name, "square_avg", p);
        sq.assign(sq.mul(alpha).add(g.mul(g).mul(1 - alpha)));
        Tensor avg;
        if (centered) {
            Tensor ga = state(name, "grad_avg", p);
            ga.assign(ga.mul(alpha).add(g.mul(1 - alpha)));
            avg = sq.sub(ga.mul(ga)).sqrt().add(eps);
        } else {
            avg = sq.sqrt().add(eps);
        }
        if (momentum > 0) {
            Tensor buf = state(name, "momentum_buffer", p);
            buf.assign(buf.mul(momentum).add(g.div(avg)));
            p.assign(p.sub(buf.mul(lrOf(name))));
        } else {
            p.assign(p.sub(g.div(avg).mul(lrOf(name))));
        }
    }
}
