package io.github.tensorforge.spi;

/**
 * Optional fused kernels a backend may provide for speed. Each is a forward/backward pair with exactly the semantics
 * of the composite core builds from primitives; the conformance tests assert fused == composite. All views are
 * contiguous and are treated as {@code (rows, n)} over their last axis, the axis being normalized.
 */
public interface FusedKernels {

    /** {@code out = softmax(x)} or, when {@code log}, {@code log_softmax(x)}, over the last axis. */
    void softmax(View out, View x, boolean log);

    /**
     * Given the forward output {@code y} and {@code gradY}: softmax {@code gradX = y * (gradY - sum(gradY * y))};
     * log-softmax {@code gradX = gradY - exp(y) * sum(gradY)}; sums over the last axis.
     */
    void softmaxBackward(View gradX, View y, View gradY, boolean log);

    /**
     * Layer norm over the last axis: {@code out = (x - mean) * rstd * gamma + beta} with
     * {@code rstd = 1 / sqrt(var + eps)} (biased variance). Writes {@code mean} and {@code rstd} (shape {@code (rows)})
     * for the backward pass. {@code gamma}/{@code beta} are {@code (n)} and may be null (then 1 and 0).
     */
    void layerNorm(View out, View mean, View rstd, View x, View gamma, View beta, double eps);

    /**
     * Backward of {@link #layerNorm}. Writes {@code gradX}; when non-null, writes (overwrites) {@code gradGamma} and
     * {@code gradBeta}, shape {@code (n)}. {@code gamma} may be null (then 1).
     */
    void layerNormBackward(View gradX, View gradGamma, View gradBeta, View gradY, View x, View mean, View rstd,
                           View gamma);

    /**
     * {@code gradX = gradY * act'(x)} for each op with {@link UnaryOp#isActivation()} (same shapes, contiguous).
     * Other ops throw {@link UnsupportedOperationException} and core uses the composite.
     */
    void activationBackward(UnaryOp activation, View gradX, View x, View gradY);

    /**
     * {@code out = act(x @ w + bias)} with x {@code (m, k)}, w {@code (k, n)} (any strides on x and w, so transposed
     * weights need no copy), bias {@code (n)} or null, activation an op with {@link UnaryOp#isActivation()} or
     * null for none.
     */
    void linear(View out, View x, View w, View bias, UnaryOp activation);

    /**
     * One Adam/AdamW update in place, element by element over contiguous views of one floating dtype and equal size:
     * <pre>
     *   decoupled:      p = p * (1 - lr wd)            otherwise: g' = g + wd p   (g itself is not written)
     *   m = beta1 m + (1 - beta1) g'
     *   v = beta2 v + (1 - beta2) g'^2
     *   vmax = max(vmax, v)                           (amsgrad: only when maxExpAvgSq is non-null; then v_used = vmax)
     *   p = p - stepSize * m / (sqrt(v_used) / sqrtBiasCorrection2 + eps)
     * </pre>
     * Scalars are in {@code h}. Computed in the views' dtype; one pass instead of the composite's ten.
     */
    void adamStep(View param, View grad, View expAvg, View expAvgSq, View maxExpAvgSq, AdamStep h);

    /**
     * Inverted dropout over contiguous views of one floating dtype and equal size:
     * {@code out[i] = x[i] * (DropoutMask.keep(key0(seed), key1(seed), threshold(p), i) ? 1 / (1 - p) : 0)}, the scale
     * rounded to the views' dtype first, i the flat index. The same call on the output's gradient is the backward.
     */
    void dropout(View out, View x, long seed, double p);
}
