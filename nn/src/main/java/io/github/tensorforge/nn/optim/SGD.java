package io.github.tensorforge.nn.optim;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;

import java.util.Map;

/**
 * Stochastic gradient descent with PyTorch's update: {@code d = g + wd p}; with momentum
 * {@code buf = d} on the first step, then {@code buf = mu buf + (1 - dampening) d}; {@code d = d + mu buf} (Nesterov)
 * or {@code d = buf}; {@code p = p - lr d}. State slot {@code momentum_buffer} with momentum; {@link #step()} updates
 * parameters and slots in place.
 */
public final class SGD extends Optimizer {
    private final double momentum, dampening, weightDecay;
    private final boolean nesterov;

    /**
     * Plain SGD on every trainable parameter of {@code model}: no momentum, no weight decay.
     *
     * @param model the model whose parameters are trained
     * @param lr    the learning rate, at least 0
     * @throws IllegalArgumentException if {@code lr} is negative or NaN, or the model has no trainable parameters
     */
    public SGD(Module model, double lr) { this(model.namedParameters(), lr, 0, 0, 0, false); }

    /**
     * SGD on every trainable parameter of {@code model}, with momentum (no dampening) and weight decay.
     *
     * @param model       the model whose parameters are trained
     * @param lr          the learning rate, at least 0
     * @param momentum    the momentum factor, at least 0 (0: none)
     * @param weightDecay the L2 penalty, at least 0
     * @param nesterov    whether to use Nesterov momentum (needs {@code momentum > 0})
     * @throws IllegalArgumentException if a hyperparameter is out of range, or the model has no trainable parameters
     */
    public SGD(Module model, double lr, double momentum, double weightDecay, boolean nesterov) {
        this(model.namedParameters(), lr, momentum, 0, weightDecay, nesterov);
    }

    /**
     * SGD with the given hyperparameters.
     *
     * @param params      the parameters by name; the trainable ones are trained
     * @param lr          the learning rate, at least 0
     * @param momentum    the momentum factor, at least 0 (0: none)
     * @param dampening   the dampening of the momentum; must be 0 with Nesterov
     * @param weightDecay the L2 penalty, at least 0
     * @param nesterov    whether to use Nesterov momentum (needs {@code momentum > 0} and no dampening)
     * @throws IllegalArgumentException if a hyperparameter is out of range, or no parameter is trainable
     */
    public SGD(Map<String, Parameter> params, double lr, double momentum, double dampening, double weightDecay,
               boolean nesterov) {
        super(params, lr);
        if (momentum < 0 || weightDecay < 0) throw new IllegalArgumentException("SGD: momentum and weight decay must be >= 0");
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and dampening 0");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    /**
     * Applies one SGD update to {@code p} in place and advances its state slot ({@code momentum_buffer}, with
     * momentum) in place.
     *
     * @param name the parameter's name, the key of its state and group
     * @param p    the parameter's value, overwritten
     * @param g    its gradient, left unchanged
     * @param step the number of updates of this parameter so far, this one included (from 1)
     */
    @Override protected void update(String name, Tensor p, Tensor g, long step) {
        double wd = weightDecayOf(name, weightDecay);
        Tensor d = wd != 0 ? g.add(p.mul(wd)) : g;
        if (momentum != 0) {
            boolean fresh = !hasState(name, "momentum_buffer");
            Tensor buf = state(name, "momentum_buffer", p);
            buf.assign(fresh ? d : buf.mul(momentum).add(d.mul(1 - dampening)));
            d = nesterov ? d.add(buf.mul(momentum)) : buf;
        }
        p.assign(p.sub(d.mul(lrOf(name))));
    }
}
