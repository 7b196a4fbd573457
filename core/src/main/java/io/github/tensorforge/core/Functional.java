package io.github.tensorforge.core;

import io.github.tensorforge.spi.AdamStep;
import io.github.tensorforge.spi.DropoutMask;
import io.github.tensorforge.spi.FusedKernels;
import io.github.tensorforge.spi.UnaryOp;

import java.util.Arrays;

/**
 * Composite ops, written once from primitives so every backend runs them and gets their gradients. Where a backend
 * offers a fused kernel ({@link FusedKernels}) and {@link FusedMode} allows it, the fused forward/backward pair runs
 * instead; tests assert both give the same values. The ops leave their inputs unchanged and return new tensors,
 * recorded for autograd when an input requires gradients and {@link GradMode} is enabled ({@code dropout} outside
 * training returns its input); {@link #adamStep} instead updates its operands in place and records nothing.
 */
public final class Functional {
    private Functional() {}

    private static FusedKernels fused(Tensor x) {
        FusedKernels fk = x.backend().fused();
        return fk != null && FusedMode.isEnabled() && x.dtype.isFloating() ? fk : null;
    }

    private static boolean isLastAxis(Tensor x, int axis) {
        return x.rank() > 0 && Shapes.axis("softmax", axis, x.rank()) == x.rank() - 1;
    }

    /**
     * {@code exp(x) / sum(exp(x))} along {@code axis}, computed stably (the maximum along the axis is subtracted
     * first, an infinite maximum being replaced by 0). Integer and BOOL inputs are promoted to FLOAT32.
     *
     * @param x    the input, any shape; a 0-d input gives 1
     * @param axis the axis to normalize over, negative counting from the end
     * @return a new tensor of x's shape, floating
     * @throws IllegalArgumentException if {@code axis} is out of range
     * @throws IllegalStateException    if {@code x} has been closed
     */
    public static Tensor softmax(Tensor x, int axis) {
        x.ensureOpen("softmax");
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        if (xf.rank() == 0) return xf.onesLike();
        FusedKernels fk = fused(xf);
        if (fk != null && isLastAxis(xf, axis) && xf.numel() > 0) return fusedSoftmax(fk, xf, false);
        int a = Shapes.axis("softmax", axis, xf.rank());
        Tensor shift;
        try (var g = GradMode.disable()) {
            shift = safeMax(xf, a);
        }
        Tensor e = xf.sub(shift).exp();
        return e.div(e.sum(a, true));
    }

    /**
     * {@code x - logSumExp(x)} along {@code axis}, computed stably. Integer and BOOL inputs are promoted to FLOAT32.
     *
     * @param x    the input, any shape; a 0-d input gives 0
     * @param axis the axis to normalize over, negative counting from the end
     * @return a new tensor of x's shape, floating
     * @throws IllegalArgumentException if {@code axis} is out of range
     * @throws IllegalStateException    if {@code x} has been closed
     */
    public static Tensor logSoftmax(Tensor x, int axis) {
        x.ensureOpen("logSoftmax");
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        if (xf.rank() == 0) return xf.zerosLike();
        FusedKernels fk = fused(xf);
        if (fk != null && isLastAxis(xf, axis) && xf.numel() > 0) return fusedSoftmax(fk, xf, true);
        int a = Shapes.axis("logSoftmax", axis, xf.rank());
        Tensor shift;
        try (var g = GradMode.disable()) {
            shift = safeMax(xf, a);
        }
        Tensor shifted = xf.sub(shift);
        return shifted.sub(shifted.exp().sum(a, true).log());
    }

    /** Row maximum with infinite values replaced by 0, so that {@code x - max} never produces inf - inf. */
    private static Tensor safeMax(Tensor x, int axis) {
        Tensor m = x.max(axis, true);
        return Tensor.where(m.abs().eq(Double.POSITIVE_INFINITY), m.zerosLike(), m);
    }

    private static Tensor fusedSoftmax(FusedKernels fk, Tensor x, boolean log) {
        Tensor xc = x.contiguous();
        Tensor out = Ops.empty(x.backend(), x.dtype, x.shape.clone());
        fk.softmax(out.view(), xc.view(), log);
        return Autograd.record(out, log ? "logSoftmax" : "softmax", g -> {
            Tensor gx = Ops.empty(x.backend(), x.dtype, x.shape.clone());
            fk.softmaxBackward(gx.view(), out.view(), g.to(x.dtype).contiguous().view(), log);
            return new Tensor[] {gx};
        }, x);
    }

    /**
     * Layer normalization over the trailing axes {@code normalizedShape}: {@code (x - mean) / sqrt(var + eps)}, with
     * the biased variance, times {@code gamma} plus {@code beta} (both of shape normalizedShape, or null). Integer
     * inputs are promoted to FLOAT32. A backend's fused kernel may run when only the last axis is normalized.
     *
     * @param x               the input {@code (..., *normalizedShape)}
     * @param normalizedShape the trailing axes to normalize over, at least one
     * @param gamma           the scale, of shape {@code normalizedShape}, or null for none
     * @param beta            the shift, of shape {@code normalizedShape}, or null for none
     * @param eps             added to the variance, at least 0
     * @return a new tensor of x's shape, floating
     * @throws IllegalArgumentException if {@code normalizedShape} is empty or is not x's trailing axes, gamma or beta
     *                                  has another shape, or {@code eps} is negative or NaN
     * @throws IllegalStateException    if {@code x} has been closed
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor gamma, Tensor beta, double eps) {
        x.ensureOpen("layerNorm");
        int k = normalizedShape.length;
        if (k == 0 || k > x.rank() || !Arrays.equals(Arrays.copyOfRange(x.shape, x.rank() - k, x.rank()), normalizedShape)) {
            throw new IllegalArgumentException("layerNorm: normalized shape " + Shapes.str(normalizedShape)
                    + " must equal the trailing axes of the input " + Shapes.str(x.shape));
        }
        for (Tensor p : new Tensor[] {gamma, beta}) {
            if (p != null && !Arrays.equals(p.shape, normalizedShape)) {
                throw new IllegalArgumentException("layerNorm: weight/bias shape " + Shapes.str(p.shape)
                        + " must equal the normalized shape " + Shapes.str(normalizedShape));
            }
        }
        if (!(eps >= 0)) throw new IllegalArgumentException("layerNorm: eps must be >= 0, got " + eps);
        Tensor xf = x.dtype.isFloating() ? x : x.to(DType.FLOAT32);
        FusedKernels fk = fused(xf);
        if (fk != null && k == 1 && xf.numel() > 0) return fusedLayerNorm(fk, xf, gamma, beta, eps);
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) axes[i] = x.rank() - k + i;
        Tensor mean = xf.mean(axes, true);
        Tensor centered = xf.sub(mean);
        Tensor var = centered.mul(centered).mean(axes, true);
        Tensor y = centered.mul(var.add(eps).rsqrt());
        if (gamma != null) y = y.mul(gamma);
        if (beta != null) y = y.add(beta);
        return y;
    }

    /**
     * Layer norm over the last axis, as in a Transformer: x {@code (B, T, C)}, gamma and beta {@code (C)}.
     *
     * @param x     the input {@code (..., C)}, at least 1-D
     * @param gamma the scale {@code (C)}, or null
     * @param beta  the shift {@code (C)}, or null
     * @param eps   added to the variance, at least 0
     * @return a new tensor of x's shape, floating
     * @throws IllegalArgumentException if x is 0-d, gamma or beta is not {@code (C)}, or {@code eps} is negative or NaN
     * @throws IllegalStateException    if {@code x} has been closed
     */
    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps) {
        return layerNorm(x, new int[] {x.shape(-1)}, gamma, beta, eps);
    }

    private static Tensor fusedLayerNorm(FusedKernels fk, Tensor x, Tensor gamma, Tensor beta, double eps) {
        Tensor xc = x.contiguous();
        int n = x.shape[x.rank() - 1];
        int rows = x.numel() / n;
        Tensor gm = gamma == null ? null : gamma.to(x.dtype).contiguous();
        Tensor bt = beta == null ? null : beta.to(x.dtype).contiguous();
        Tensor out = Ops.empty(x.backend(), x.dtype, x.shape.clone());
        Tensor mean = Ops.empty(x.backend(), x.dtype, new int[] {rows});
        Tensor rstd = Ops.empty(x.backend(), x.dtype, new int[] {rows});
        fk.layerNorm(out.view(), mean.view(), rstd.view(), xc.view(), gm == null ? null : gm.view(),
                bt == null ? null : bt.view(), eps);
        Tensor x2 = xc.reshape(rows, n);
        return Autograd.record(out, "layerNorm", g -> {
            Tensor gx = Ops.empty(x.backend(), x.dtype, x.shape.clone());
            Tensor gg = gm == null ? null : Ops.empty(x.backend(), x.dtype, new int[] {n});
            Tensor gb = bt == null ? null : Ops.empty(x.backend(), x.dtype, new int[] {n});
            fk.layerNormBackward(gx.view(), gg == null ? null : gg.view(), gb == null ? null : gb.view(),
                    g.to(x.dtype).contiguous().view(), x2.view(), mean.view(), rstd.view(), gm == null ? null : gm.view());
            return new Tensor[] {gx, gg, gb};
        }, x, gm, bt);
    }

    /**
     * Cross-entropy from logits {@code (N, C)} (or {@code (C)}) and integer labels {@code (N)} (or scalar), with
     * PyTorch's semantics: optional per-class {@code weight (C)}, label smoothing in [0, 1), samples whose label equals
     * {@code ignoreIndex} contribute nothing, and MEAN divides by the total weight of the counted samples (NaN when
     * every sample is ignored). Leading axes must be flattened first: {@code logits.reshape(-1, C)}.
     *
     * @param logits         unnormalized scores {@code (N, C)} or {@code (C)}; integer logits are promoted to FLOAT32
     * @param labels         class indices {@code (N)}, or one label for {@code (C)} logits; INT32 or INT64
     * @param weight         the weight of each class {@code (C)}, or null for 1
     * @param reduction      NONE for the per-sample losses, MEAN or SUM for one value
     * @param labelSmoothing the weight in [0, 1) moved from the true class to a uniform distribution over classes
     * @param ignoreIndex    the label value that marks a sample to skip (PyTorch uses -100)
     * @return the losses {@code (N)} (for {@code (C)} logits {@code (1)}) with NONE, else a 0-d tensor; floating
     * @throws IllegalArgumentException  if logits are not 1-D or 2-D, labels are not INT32/INT64 or not {@code (N)},
     *                                   {@code labelSmoothing} is outside [0, 1), or weight is not {@code (C)}
     * @throws IndexOutOfBoundsException if a label other than {@code ignoreIndex} is not in {@code [0, C)}
     * @throws IllegalStateException     if {@code logits} or {@code labels} has been closed
     */
    public static Tensor crossEntropy(Tensor logits, Tensor labels, Tensor weight, Reduction reduction,
                                      double labelSmoothing, long ignoreIndex) {
        logits.ensureOpen("crossEntropy");
        if (logits.rank() == 1) {
            return crossEntropy(logits.unsqueeze(0), labels.reshape(1), weight, reduction, labelSmoothing, ignoreIndex);
        }
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("crossEntropy: logits must be (N, C), got " + Shapes.str(logits.shape)
                    + "; flatten the leading axes first, e.g. logits.reshape(-1, C)");
        }
        if (labels.dtype != DType.INT32 && labels.dtype != DType.INT64) {
            throw new IllegalArgumentException("crossEntropy: labels must be int32 or int64 class indices, got "
                    + labels.dtype);
        }
        int n = logits.shape[0], c = logits.shape[1];
        if (labels.rank() != 1 || labels.shape[0] != n) {
            throw new IllegalArgumentException("crossEntropy: labels " + Shapes.str(labels.shape)
                    + " must be (N) = (" + n + ") for logits " + Shapes.str(logits.shape));
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (weight != null && (weight.rank() != 1 || weight.shape[0] != c)) {
            throw new IllegalArgumentException("crossEntropy: class weight " + Shapes.str(weight.shape)
                    + " must be (C) = (" + c + ")");
        }
        Tensor logp = logSoftmax(logits, 1);
        Tensor valid = labels.ne((double) ignoreIndex);
        Tensor safeLabels = Tensor.where(valid, labels.to(DType.INT64), 0.0);
        requireClassIndices(safeLabels, c, logits.shape, ignoreIndex);
        Tensor target = safeLabels.oneHot(c, logp.dtype);
        Tensor validF = valid.to(logp.dtype);
        Tensor w = weight == null ? null : weight.to(logp.dtype);
        // per-sample weight of the true class (1 without class weights), 0 for ignored samples
        Tensor sampleWeight = w == null ? validF : target.mul(w).sum(1, false).mul(validF);
        Tensor nll = logp.mul(target).sum(1, false).neg().mul(sampleWeight);
        Tensor loss = nll;
        if (labelSmoothing > 0) {
            Tensor weighted = w == null ? logp : logp.mul(w);
            Tensor smooth = weighted.sum(1, false).neg().div((double) c).mul(validF);
            loss = nll.mul(1 - labelSmoothing).add(smooth.mul(labelSmoothing));
        }
        return switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> loss.sum().div(sampleWeight.sum());
        };
    }

    /** Labels (ignored ones already replaced by 0) must index a column of the logits: the error names the label. */
    private static void requireClassIndices(Tensor labels, int classes, int[] logitsShape, long ignoreIndex) {
        if (labels.numel() == 0) return;
        long lo, hi;
        try (var g = GradMode.disable(); Tensor min = labels.min(); Tensor max = labels.max()) {
            lo = min.itemLong();
            hi = max.itemLong();
        }
        if (lo < 0 || hi >= classes) {
            throw new IndexOutOfBoundsException("crossEntropy: label " + (lo < 0 ? lo : hi) + " is not a class index in [0, "
                    + classes + ") for logits " + Shapes.str(logitsShape) + "; labels must be 0 .. " + (classes - 1)
                    + " (or ignoreIndex " + ignoreIndex + ")");
        }
    }

    /**
     * Mean cross-entropy of logits (N, C) against labels (N): no class weights, no label smoothing, and labels equal
     * to -100 ignored, as in PyTorch's defaults.
     *
     * @param logits unnormalized scores {@code (N, C)} or {@code (C)}
     * @param labels class indices {@code (N)}, INT32 or INT64
     * @return a new 0-d floating tensor
     * @throws IllegalArgumentException  if the shapes or dtypes do not fit (see the full overload)
     * @throws IndexOutOfBoundsException if a label other than -100 is not in {@code [0, C)}
     * @throws IllegalStateException     if {@code logits} or {@code labels} has been closed
     */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return crossEntropy(logits, labels, null, Reduction.MEAN, 0.0, -100);
    }

    /**
     * Mean squared error between same-shaped (or broadcastable) tensors: {@code (prediction - target)^2}, reduced.
     *
     * @param prediction the model's output
     * @param target     the expected values, broadcastable to {@code prediction}'s shape (or the other way round)
     * @param reduction  NONE for the squared errors, MEAN over all elements, or SUM
     * @return the broadcast shape with NONE, else a 0-d tensor
     * @throws IllegalArgumentException if the shapes do not broadcast or the tensors live on different backends
     * @throws IllegalStateException    if either tensor has been closed
     */
    public static Tensor mse(Tensor prediction, Tensor target, Reduction reduction) {
        Tensor d = prediction.sub(target);
        Tensor sq = d.mul(d);
        return switch (reduction) {
            case NONE -> sq;
            case SUM -> sq.sum();
            case MEAN -> sq.mean();
        };
    }

    /**
     * Mean squared error over all elements.
     *
     * @param prediction the model's output
     * @param target     the expected values, broadcastable with {@code prediction}
     * @return a new 0-d tensor
     * @throws IllegalArgumentException if the shapes do not broadcast or the tensors live on different backends
     * @throws IllegalStateException    if either tensor has been closed
     */
    public static Tensor mse(Tensor prediction, Tensor target) { return mse(prediction, target, Reduction.MEAN); }

    /**
     * Inverted dropout: during training zeroes each element with probability {@code p} and scales the rest by
     * {@code 1 / (1 - p)}; outside training returns x. The mask is {@link DropoutMask}'s, from one seed drawn from
     * {@code rng}: backends with the fused kernel compute it on the fly (and again in the backward pass, so it is never
     * stored); the composite builds it on the host and multiplies.
     *
     * @param x        the input, any shape
     * @param p        the probability of zeroing an element, in [0, 1)
     * @param rng      the generator the seed is drawn from; advanced by one draw, only when training with {@code p > 0}
     * @param training whether to apply dropout; false returns {@code x} itself
     * @return x itself when not training or {@code p == 0}; else a new tensor of x's shape (FLOAT32 unless x is
     *         floating)
     * @throws IllegalArgumentException if {@code p} is not in [0, 1), even when not training
     * @throws IllegalStateException    if {@code x} has been closed (when training with {@code p > 0})
     */
    public static Tensor dropout(Tensor x, double p, Rng rng, boolean training) {
        DropoutMask.threshold(p);  // checks p
        if (!training || p == 0) return x;
        long seed = rng.nextLong();
        double scale = 1.0 / (1.0 - p);
        FusedKernels fk = fused(x);
        if (fk != null && x.numel() > 0) {
            Tensor xc = x.contiguous();
            Tensor out = Ops.empty(x.backend(), x.dtype, x.shape.clone());
            fk.dropout(out.view(), xc.view(), seed, p);
            return Autograd.record(out, "dropout", g -> {
                Tensor gx = Ops.empty(x.backend(), x.dtype, x.shape.clone());
                fk.dropout(gx.view(), g.to(x.dtype).contiguous().view(), seed, p);
                return new Tensor[] {gx};
            }, x);
        }
        Tensor mask;
        if (x.dtype == DType.FLOAT64) {
            double[] m = new double[x.numel()];
            DropoutMask.fill(m, seed, p, scale);
            mask = x.factory().fromArray(DType.FLOAT64, m, x.shape.clone());
        } else {
            float[] m = new float[x.numel()];
            DropoutMask.fill(m, seed, p, (float) scale);
            mask = x.factory().fromArray(DType.FLOAT32, m, x.shape.clone());
        }
        return x.mul(mask); // the mask lives on in mul's backward, so it is not closed here
    }

    /**
     * {@code act(x @ w + bias)} with x {@code (..., in)}, w {@code (in, out)} (pass {@code weight.t()} for a PyTorch
     * style (out, in) weight: no copy), bias {@code (out)} or null, activation null or RELU, GELU, GELU_TANH, SIGMOID,
     * TANH, SILU. Runs the backend's fused GEMM + bias + activation when it has one.
     *
     * @param x          the input {@code (..., in)}
     * @param w          the weight {@code (in, out)}
     * @param bias       the bias {@code (out)}, or null
     * @param activation an op with {@link UnaryOp#isActivation()}, or null for none
     * @return a new tensor {@code (..., out)}
     * @throws IllegalArgumentException if {@code activation} is not an activation, x or w is 0-d, the inner dimensions
     *                                  differ, the bias does not broadcast, or the tensors live on different backends
     * @throws IllegalStateException    if a tensor has been closed
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor bias, UnaryOp activation) {
        if (activation != null && !activation.isActivation()) {
            throw new IllegalArgumentException("linear: " + activation + " is not an activation (use one of "
                    + java.util.Arrays.stream(UnaryOp.values()).filter(UnaryOp::isActivation).toList() + " or none)");
        }
        FusedKernels fk = fused(x);
        // Fused when the activation's derivative is a function of its output (ReLU, sigmoid, tanh) or there is none.
        boolean fusable = activation == null || activation.derivativeFromOutput();
        if (fk != null && x.rank() >= 1 && w.rank() == 2 && x.dtype == w.dtype
                && (bias == null || (bias.rank() == 1 && bias.dtype == x.dtype))
                && x.shape(-1) == w.shape[0] && (bias == null || bias.shape[0] == w.shape[1]) && x.numel() > 0) {
            Ops.sameBackend("linear", bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias});
            if (fusable) return fusedLinear(fk, x, w, bias, activation);
            return Ops.unary(activation, fusedLinear(fk, x, w, bias, null));
        }
        Tensor y = x.matmul(w);
        if (bias != null) y = y.add(bias);
        return activation == null ? y : Ops.unary(activation, y);
    }

    private static Tensor fusedLinear(FusedKernels fk, Tensor x, Tensor w, Tensor bias, UnaryOp act) {
        int in = w.shape[0], outF = w.shape[1];
        Tensor x2 = x.reshape(-1, in);
        int m = x2.shape[0];
        Tensor out = Ops.empty(x.backend(), x.dtype, new int[] {m, outF});
        fk.linear(out.view(), x2.view(), w.view(), bias == null ? null : bias.view(), act);
        Tensor recorded = Autograd.record(out, "linear", g -> {
            // Derivatives from the output alone: y > 0 exactly where x > 0; sigmoid' = y(1-y); tanh' = 1-y^2.
            Tensor gz = act == null ? g : switch (act) {
                case RELU -> Tensor.where(out.gt(0.0), g, 0.0);
                case SIGMOID -> g.mul(out.mul(out.rsub(1.0)));
                case TANH -> g.mul(out.mul(out).rsub(1.0));
                default -> throw new IllegalStateException("linear: " + act + " is not fused");
            };
            return new Tensor[] {gz.matmul(w.t()), x2.t().matmul(gz), bias == null ? null : gz.sum(0, false)};
        }, x2, w, bias);
        int[] shape = x.shape.clone();
        shape[shape.length - 1] = outF;
        return recorded.reshape(shape);
    }

    /**
     * One Adam/AdamW update of {@code param} in place (see {@link FusedKernels#adamStep} for the formula), updating the
     * moment buffers {@code expAvg} and {@code expAvgSq} (and, for amsgrad, {@code maxExpAvgSq}; else null) in place.
     * All tensors have the parameter's shape, dtype and backend. Runs without recording a graph: it is an optimizer
     * step. The backend's fused kernel does it in one pass when everything is contiguous; otherwise the composite.
     * {@code grad} is only read.
     *
     * @param param       the parameter, FLOAT32 or FLOAT64; updated in place
     * @param grad        its gradient, param's shape and dtype
     * @param expAvg      the first-moment buffer, param's shape and dtype; updated in place
     * @param expAvgSq    the second-moment buffer, param's shape and dtype; updated in place
     * @param maxExpAvgSq the amsgrad maximum of the second moment, updated in place; null without amsgrad
     * @param h           the update's scalars (learning rate, betas, eps, weight decay, step)
     * @throws IllegalArgumentException if a tensor's shape or dtype differs from param's, param is not floating, or
     *                                  the tensors live on different backends
     * @throws IllegalStateException    if a tensor has been closed
     */
    public static void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq,
                                AdamStep h) {
        Tensor[] all = maxExpAvgSq == null ? new Tensor[] {param, grad, expAvg, expAvgSq}
                : new Tensor[] {param, grad, expAvg, expAvgSq, maxExpAvgSq};
        String[] roles = {"param", "grad", "expAvg", "expAvgSq", "maxExpAvgSq"};
        Ops.sameBackend("adamStep", all);
        boolean contiguous = true;
        for (int i = 0; i < all.length; i++) {
            if (!Arrays.equals(all[i].shape, param.shape) || all[i].dtype != param.dtype) {
                throw new IllegalArgumentException("adamStep: " + roles[i] + " is " + all[i].dtype + " "
                        + Shapes.str(all[i].shape) + " but the parameter is " + param.dtype + " " + Shapes.str(param.shape)
                        + "; optimizer state and gradients must match their parameter");
            }
            contiguous &= all[i].isContiguous();
        }
        if (!param.dtype.isFloating()) {
            throw new IllegalArgumentException("adamStep: parameter must be float32 or float64, got " + param.dtype);
        }
        try (var g = GradMode.disable()) {
            FusedKernels fk = fused(param);
            if (fk != null && contiguous && param.numel() > 0) {
                fk.adamStep(param.view(), grad.view(), expAvg.view(), expAvgSq.view(),
                        maxExpAvgSq == null ? null : maxExpAvgSq.view(), h);
                for (int i = 0; i < all.length; i++) if (i != 1) all[i].storage.bumpVersion(); // all but grad
                return;
            }
            Tensor gr = grad;
            if (h.weightDecay() != 0) {
                if (h.decoupled()) param.assign(param.mul(1 - h.lr() * h.weightDecay()));
                else gr = gr.add(param.mul(h.weightDecay()));
            }
            expAvg.assign(expAvg.mul(h.beta1()).add(gr.mul(1 - h.beta1())));
            expAvgSq.assign(expAvgSq.mul(h.beta2()).add(gr.mul(gr).mul(1 - h.beta2())));
            Tensor vUsed = expAvgSq;
            if (maxExpAvgSq != null) {
                maxExpAvgSq.assign(maxExpAvgSq.maximum(expAvgSq));
                vUsed = maxExpAvgSq;
            }
            Tensor denom = vUsed.sqrt().div(h.sqrtBiasCorrection2()).add(h.eps());
            param.assign(param.sub(expAvg.div(denom).mul(h.stepSize())));
        }
    }
}
