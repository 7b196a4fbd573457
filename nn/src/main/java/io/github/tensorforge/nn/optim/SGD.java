package io.github.tensorforge.nn.optim;

import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;

import java.util.Map;

/**
 * Stochastic gradient descent with PyTorch's update: {@code d = g + wd p}; with momentum
 * {@code buf = d} on the first step, then {@code buf = mu buf + (1 - dampening) d}; {@code d = d + mu buf} (Nesterov)
 * or {@code d = buf}; {@code p = p - lr d}.
 */
public final class SGD extends Optimizer {
    private final double momentum, dampening, weightDecay;
    private final boolean nesterov;

    public SGD(Module model, double lr) { this(model.namedParameters(), lr, 0, 0, 0, false); }

    public SGD(Module model, double lr, double momentum, double weightDecay, boolean nesterov) {
        this(model.namedParameters(), lr, momentum, 0, weightDecay, nesterov);
    }

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
