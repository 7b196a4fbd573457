package io.github.tensorforge.core;

import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.FusedKernels;
import io.github.tensorforge.spi.UnaryOp;

/**
 * The backward rules of the element-wise primitives, together in one place. Each takes the op's input(s), its output
 * and the gradient of the output, and returns input gradients built from primitives (so they run on every backend).
 */
final class Derivatives {
    private Derivatives() {}

    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    static Tensor unary(UnaryOp op, Tensor x, Tensor y, Tensor g) {
        Tensor fused = fusedActivation(op, x, g);
        if (fused != null) return fused;
        return switch (op) {
            case NEG -> g.neg();
            case ABS -> g.mul(x.sign());
            case SIGN -> g.zerosLike();
            case EXP -> g.mul(y);
            case LOG -> g.div(x);
            case SQRT -> g.mul(0.5).div(y);
            case RSQRT -> g.mul(y.mul(y).mul(y)).mul(-0.5);
            case RECIP -> g.mul(y.mul(y)).neg();
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin()).neg();
            case TANH -> g.mul(y.mul(y).rsub(1.0));
            case ERF -> g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI));
            case SIGMOID -> g.mul(y.mul(y.rsub(1.0)));
            case RELU -> Tensor.where(x.gt(0.0), g, 0.0);
            case GELU -> {
                // d/dx x*Phi(x) = Phi(x) + x*phi(x)
                Tensor cdf = x.mul(1.0 / Math.sqrt(2.0)).erf().add(1.0).mul(0.5);
                Tensor pdf = x.mul(x).mul(-0.5).exp().mul(INV_SQRT_2PI);
                yield g.mul(cdf.add(x.mul(pdf)));
            }
            case GELU_TANH -> {
                Tensor x3 = x.mul(x).mul(x);
                Tensor th = x.add(x3.mul(0.044715)).mul(SQRT_2_OVER_PI).tanh();
                Tensor dinner = x.mul(x).mul(3 * 0.044715).add(1.0).mul(SQRT_2_OVER_PI);
                Tensor d = th.add(1.0).mul(0.5).add(x.mul(0.5).mul(th.mul(th).rsub(1.0)).mul(dinner));
                yield g.mul(d);
            }
            case SILU -> {
                Tensor s = x.sigmoid();
                yield g.mul(s.add(x.mul(s).mul(s.rsub(1.0))));
            }
            case SOFTPLUS -> Tensor.where(x.gt(20.0), g, g.mul(x.sigmoid()));   // linear above the threshold
            case LOG1P -> g.div(x.add(1.0));
            case EXPM1 -> g.mul(y.add(1.0));
            case FLOOR, CEIL, ROUND -> g.zerosLike();
        };
    }

    /** The backend's fused activation backward for contiguous float inputs, or null to use the composite rule. */
    private static Tensor fusedActivation(UnaryOp op, Tensor x, Tensor g) {
        FusedKernels fk = x.backend().fused();
        if (fk == null || !FusedMode.isEnabled() || !x.dtype.isFloating() || !op.isActivation()) return null;
        Tensor xc = x.contiguous(), gc = g.to(x.dtype).contiguous();
        Tensor out = Ops.empty(x.backend(), x.dtype, x.shape.clone());
        try {
            if (out.numel() > 0) fk.activationBackward(op, out.view(), xc.view(), gc.view());
            return out;
        } catch (UnsupportedOperationException e) {
            out.close();
            return null;
        }
    }

    static Tensor[] binary(BinaryOp op, Tensor a, Tensor b, Tensor y, Tensor g) {
        Tensor[] grads = switch (op) {
            case ADD -> new Tensor[] {g, g};
            case SUB -> new Tensor[] {g, g.neg()};
            case MUL -> new Tensor[] {g.mul(b), g.mul(a)};
            case DIV -> new Tensor[] {g.div(b), g.mul(a).div(b.mul(b)).neg()};
            case POW -> {
                // d/db a^b = a^b ln a, taken as 0 where a <= 0 (PyTorch's convention at a = 0).
                Tensor positive = a.gt(0.0);
                Tensor safeA = Tensor.where(positive, a, 1.0);
                yield new Tensor[] {g.mul(b).mul(a.pow(b.sub(1.0))),
                        Tensor.where(positive, g.mul(y).mul(safeA.log()), 0.0)};
            }
            case MAX, MIN -> {
                // The larger (smaller) operand takes the gradient; ties split it evenly.
                Tensor win = op == BinaryOp.MAX ? a.gt(b) : a.lt(b);
                Tensor wa = win.to(g.dtype).add(a.eq(b).to(g.dtype).mul(0.5));
                yield new Tensor[] {g.mul(wa), g.mul(wa.rsub(1.0))};
            }
            case CMPLT, CMPLE, CMPEQ, CMPNE -> new Tensor[] {null, null};
        };
        if (grads[0] == null) return grads;
        return new Tensor[] {Ops.unbroadcast(grads[0], a.shape), Ops.unbroadcast(grads[1], b.shape)};
    }
}
