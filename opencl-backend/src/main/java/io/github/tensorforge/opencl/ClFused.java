package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.AdamStep;
import io.github.tensorforge.spi.DropoutMask;
import io.github.tensorforge.spi.FusedKernels;
import io.github.tensorforge.spi.OpCodes;
import io.github.tensorforge.spi.UnaryOp;
import io.github.tensorforge.spi.View;
import org.jocl.cl_kernel;

/**
 * Fused forward/backward pairs from norm.cl (softmax, log-softmax, layer norm), elementwise.cl (activation
 * derivatives) and matmul.cl (linear with bias and activation epilogue), and the one-pass Adam/AdamW step
 * (elementwise.cl adam_step) and dropout (elementwise.cl dropout). Views are contiguous, read as (rows, n) over the
 * last axis.
 */
final class ClFused implements FusedKernels {
    static final String NORM = "norm.cl";

    private final ClBackend backend;
    private final ClContext cl;

    ClFused(ClBackend backend) {
        this.backend = backend;
        this.cl = backend.cl;
    }

    private static int lastDim(View v) { return v.rank() == 0 ? 1 : v.shape()[v.rank() - 1]; }

    private static DType floating(View v, String op) {
        if (!v.dtype().isFloating()) {
            throw new IllegalArgumentException("opencl: " + op + " runs on float32/float64, got " + v);
        }
        return v.dtype();
    }

    private static void check(View v, DType t, String op, String role) {
        ClBackend.requireDType(v, t, op, role);
        ClBackend.requireContiguous(v, op + " (" + role + ")");
    }

    /** One work-group per row: local = the next power of two >= n, capped by RWG and the kernel's limit. */
    private void rowLaunch(String op, cl_kernel k, int rows, int n, Object... args) {
        if (rows == 0) return;
        int cap = Math.min(ClBackend.RWG, Math.max(1, Integer.highestOneBit(Math.max(n, 1) - 1) << 1));
        int local = cl.powerOfTwoLocal(k, cap);
        cl.launch(op, k, new long[] {(long) rows * local}, new long[] {local}, args);
    }

    @Override public void softmax(View out, View x, boolean log) {
        String op = log ? "log_softmax" : "softmax";
        DType t = floating(x, op);
        check(x, t, op, "x");
        check(out, t, op, "out");
        int n = lastDim(x);
        if (n == 0) return;
        int rows = x.size() / n;
        rowLaunch(op, backend.kernel(NORM, t, "softmax_fwd", op), rows, n, ClBuffer.of(out, op), out.offset(),
                ClBuffer.of(x, op), x.offset(), n, log ? 1 : 0);
    }

    @Override public void softmaxBackward(View gradX, View y, View gradY, boolean log) {
        String op = log ? "log_softmax backward" : "softmax backward";
        DType t = floating(y, op);
        check(gradX, t, op, "gradX");
        check(y, t, op, "y");
        check(gradY, t, op, "gradY");
        int n = lastDim(y);
        if (n == 0) return;
        int rows = y.size() / n;
        rowLaunch(op, backend.kernel(NORM, t, "softmax_bwd", op), rows, n, ClBuffer.of(gradX, op), gradX.offset(),
                ClBuffer.of(y, op), y.offset(), ClBuffer.of(gradY, op), gradY.offset(), n, log ? 1 : 0);
    }

    @Override public void layerNorm(View out, View mean, View rstd, View x, View gamma, View beta, double eps) {
        String op = "layer_norm";
        DType t = floating(x, op);
        check(x, t, op, "x");
        check(out, t, op, "out");
        check(mean, t, op, "mean");
        check(rstd, t, op, "rstd");
        if (gamma != null) check(gamma, t, op, "gamma");
        if (beta != null) check(beta, t, op, "beta");
        int n = lastDim(x);
        if (n == 0) return;
        int rows = x.size() / n;
        ClBuffer xb = ClBuffer.of(x, op);
        Object epsArg = t == DType.FLOAT64 ? (Object) eps : (Object) (float) eps;
        rowLaunch(op, backend.kernel(NORM, t, "layernorm_fwd", op), rows, n, ClBuffer.of(out, op), out.offset(),
                ClBuffer.of(mean, op), mean.offset(), ClBuffer.of(rstd, op), rstd.offset(), xb, x.offset(),
                gamma != null ? ClBuffer.of(gamma, op) : xb, gamma != null ? gamma.offset() : 0, gamma != null ? 1 : 0,
                beta != null ? ClBuffer.of(beta, op) : xb, beta != null ? beta.offset() : 0, beta != null ? 1 : 0,
                n, epsArg);
    }

    @Override public void layerNormBackward(View gradX, View gradGamma, View gradBeta, View gradY, View x, View mean,
                                            View rstd, View gamma) {
        String op = "layer_norm backward";
        DType t = floating(x, op);
        check(x, t, op, "x");
        check(gradX, t, op, "gradX");
        check(gradY, t, op, "gradY");
        check(mean, t, op, "mean");
        check(rstd, t, op, "rstd");
        if (gamma != null) check(gamma, t, op, "gamma");
        if (gradGamma != null) check(gradGamma, t, op, "gradGamma");
        if (gradBeta != null) check(gradBeta, t, op, "gradBeta");
        int n = lastDim(x);
        if (n == 0) return;
        int rows = x.size() / n;
        ClBuffer xb = ClBuffer.of(x, op), gyb = ClBuffer.of(gradY, op), mb = ClBuffer.of(mean, op),
                rb = ClBuffer.of(rstd, op);
        rowLaunch(op, backend.kernel(NORM, t, "layernorm_bwd_x", op), rows, n, ClBuffer.of(gradX, op), gradX.offset(),
                gyb, gradY.offset(), xb, x.offset(), mb, mean.offset(), rb, rstd.offset(),
                gamma != null ? ClBuffer.of(gamma, op) : xb, gamma != null ? gamma.offset() : 0, gamma != null ? 1 : 0, n);
        if (gradGamma != null || gradBeta != null) {
            cl.launch1d(op, backend.kernel(NORM, t, "layernorm_bwd_params", op), n,
                    gradGamma != null ? ClBuffer.of(gradGamma, op) : xb, gradGamma != null ? gradGamma.offset() : 0,
                    gradGamma != null ? 1 : 0,
                    gradBeta != null ? ClBuffer.of(gradBeta, op) : xb, gradBeta != null ? gradBeta.offset() : 0,
                    gradBeta != null ? 1 : 0,
                    gyb, gradY.offset(), xb, x.offset(), mb, mean.offset(), rb, rstd.offset(), rows, n);
        }
    }

    @Override public void activationBackward(UnaryOp activation, View gradX, View x, View gradY) {
        String op = "activation backward " + activation;
        if (!activation.isActivation()) {
            throw new UnsupportedOperationException("opencl: " + op + ": no fused derivative; use the composite");
        }
        DType t = floating(x, op);
        check(x, t, op, "x");
        check(gradX, t, op, "gradX");
        check(gradY, t, op, "gradY");
        int n = x.size();
        if (n == 0) return;
        cl.launch1d(op, backend.kernel(ClBackend.ELEMENTWISE, t, "activation_backward", op), n, ClBuffer.of(gradX, op),
                gradX.offset(), ClBuffer.of(x, op), x.offset(), ClBuffer.of(gradY, op), gradY.offset(), n,
                OpCodes.of(activation));
    }

    @Override public void linear(View out, View x, View w, View bias, UnaryOp activation) {
        backend.gemmLinear(out, x, w, bias, activation);
    }

    @Override public void adamStep(View param, View grad, View expAvg, View expAvgSq, View maxExpAvgSq, AdamStep h) {
        String op = "adamStep";
        AdamStep.checkOperands("opencl", param, grad, expAvg, expAvgSq, maxExpAvgSq);
        DType t = param.dtype();
        int n = param.size();
        if (n == 0) return;
        boolean amsgrad = maxExpAvgSq != null;
        ClBuffer pb = ClBuffer.of(param, op);
        cl.launch1d(op, backend.kernel(ClBackend.ELEMENTWISE, t, "adam_step", op), n,
                pb, param.offset(), ClBuffer.of(grad, op), grad.offset(), ClBuffer.of(expAvg, op), expAvg.offset(),
                ClBuffer.of(expAvgSq, op), expAvgSq.offset(),
                amsgrad ? ClBuffer.of(maxExpAvgSq, op) : pb, amsgrad ? maxExpAvgSq.offset() : 0, amsgrad ? 1 : 0, n,
                ClBackend.scalarArg(t, h.beta1()), ClBackend.scalarArg(t, 1 - h.beta1()),
                ClBackend.scalarArg(t, h.beta2()), ClBackend.scalarArg(t, 1 - h.beta2()),
                ClBackend.scalarArg(t, h.gradientDecay()), ClBackend.scalarArg(t, h.paramScale()),
                ClBackend.scalarArg(t, h.stepSize()), ClBackend.scalarArg(t, 1 / h.sqrtBiasCorrection2()),
                ClBackend.scalarArg(t, h.eps()));
    }

    @Override public void dropout(View out, View x, long seed, double p) {
        String op = "dropout";
        DropoutMask.checkOperands("opencl", out, x);
        DType t = x.dtype();
        int n = x.size();
        if (n == 0) return;
        cl.launch1d(op, backend.kernel(ClBackend.ELEMENTWISE, t, "dropout", op), n,
                ClBuffer.of(out, op), out.offset(), ClBuffer.of(x, op), x.offset(), n,
                DropoutMask.key0(seed), DropoutMask.key1(seed), DropoutMask.threshold(p),
                ClBackend.scalarArg(t, 1 / (1 - p)));
    }
}
