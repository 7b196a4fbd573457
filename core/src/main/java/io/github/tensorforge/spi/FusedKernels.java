package io.github.tensorforge.spi;

/**
 * Optional fused kernels a backend may provide for speed. Each is a forward/backward pair with exactly the semantics
 * of the composite core builds from primitives; the conformance tests assert fused == composite. All views are
 * contiguous and are treated as {@code (rows, n)} over their last axis, the axis being normalized.
 *
 * <p>Core calls a fused kernel only when {@link Backend#fused()} returns this object, {@code FusedMode} allows it, the
 * operands are floating and non-empty, and their shapes and dtypes have been checked; outputs are freshly allocated
 * and do not alias inputs, except for {@link #adamStep}, which updates its operands in place.
 */
public interface FusedKernels {

    /**
     * {@code out = softmax(x)} or, when {@code log}, {@code log_softmax(x)}, over the last axis.
     *
     * @param out the result {@code (rows, n)}, x's shape and dtype
     * @param x   the input {@code (rows, n)}, FLOAT32 or FLOAT64
     * @param log true for log-softmax
     */
    void softmax(View out, View x, boolean log);

    /**
     * Given the forward output {@code y} and {@code gradY}: softmax {@code gradX = y * (gradY - sum(gradY * y))};
     * log-softmax {@code gradX = gradY - exp(y) * sum(gradY)}; sums over the last axis.
     *
     * @param gradX the input gradient {@code (rows, n)}; written
     * @param y     the forward output {@code (rows, n)} (log-probabilities when {@code log})
     * @param gradY the output gradient {@code (rows, n)}, y's dtype
     * @param log   true for the backward of log-softmax
     */
    void softmaxBackward(View gradX, View y, View gradY, boolean log);

    /**
     * Layer norm over the last axis: {@code out = (x - mean) * rstd * gamma + beta} with
     * {@code rstd = 1 / sqrt(var + eps)} (biased variance). Writes {@code mean} and {@code rstd} (shape {@code (rows)})
     * for the backward pass. {@code gamma}/{@code beta} are {@code (n)} and may be null (then 1 and 0).
     *
     * @param out   the result {@code (rows, n)}, x's shape and dtype
     * @param mean  the row means {@code (rows)}; written
     * @param rstd  the reciprocal row standard deviations {@code (rows)}; written
     * @param x     the input {@code (rows, n)}, FLOAT32 or FLOAT64
     * @param gamma the scale {@code (n)} in x's dtype, or null
     * @param beta  the shift {@code (n)} in x's dtype, or null
     * @param eps   added to the variance, at least 0 (checked by core)
     */
    void layerNorm(View out, View mean, View rstd, View x, View gamma, View beta, double eps);

    /**
     * Backward of {@link #layerNorm}. Writes {@code gradX}; when non-null, writes (overwrites) {@code gradGamma} and
     * {@code gradBeta}, shape {@code (n)}. {@code gamma} may be null (then 1).
     *
     * @param gradX     the input gradient {@code (rows, n)}; written
     * @param gradGamma the gradient of gamma {@code (n)}, or null when the forward had no gamma
     * @param gradBeta  the gradient of beta {@code (n)}, or null when the forward had no beta
     * @param gradY     the output gradient {@code (rows, n)}
     * @param x         the forward input {@code (rows, n)}
     * @param mean      the row means {@code (rows)} written by the forward
     * @param rstd      the reciprocal standard deviations {@code (rows)} written by the forward
     * @param gamma     the forward's scale {@code (n)}, or null
     */
    void layerNormBackward(View gradX, View gradGamma, View gradBeta, View gradY, View x, View mean, View rstd,
                           View gamma);

    /**
     * {@code gradX = gradY * act'(x)} for each op with {@link UnaryOp#isActivation()} (same shapes, contiguous).
     * Other ops throw {@link UnsupportedOperationException} and core uses the composite; a backend may also throw it
     * for an activation it has no fused derivative for.
     *
     * @param activation the activation whose derivative is applied
     * @param gradX      the input gradient, x's shape and dtype; written
     * @param x          the activation's input (pre-activation), FLOAT32 or FLOAT64
     * @param gradY      the output gradient, x's shape and dtype
     * @throws UnsupportedOperationException if the backend has no fused derivative for {@code activation}
     */
    void activationBackward(UnaryOp activation, View gradX, View x, View gradY);

    /**
     * {@code out = act(x @ w + bias)} with x {@code (m, k)}, w {@code (k, n)} (any strides on x and w, so transposed
     * weights need no copy), bias {@code (n)} or null, activation an op with {@link UnaryOp#isActivation()} or
     * null for none. Core passes an activation here only when its derivative is a function of the output
     * ({@link UnaryOp#derivativeFromOutput()}), since the backward keeps only {@code out}.
     *
     * @param out        the result {@code (m, n)}, contiguous, x's dtype
     * @param x          the input {@code (m, k)}, FLOAT32 or FLOAT64, any strides
     * @param w          the weight {@code (k, n)}, x's dtype, any strides
     * @param bias       the bias {@code (n)} in x's dtype, or null
     * @param activation the epilogue activation, or null for none
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
     * Scalars are in {@code h}. Computed in the views' dtype; one pass instead of the composite's ten. Core has checked
     * that all views share the parameter's shape, floating dtype and backend and are contiguous (see
     * {@link AdamStep#checkOperands}).
     *
     * @param param       the parameter; updated in place
     * @param grad        its gradient; read only
     * @param expAvg      the first-moment buffer {@code m}; updated in place
     * @param expAvgSq    the second-moment buffer {@code v}; updated in place
     * @param maxExpAvgSq the amsgrad maximum {@code vmax}, updated in place; null without amsgrad
     * @param h           the update's scalars
     */
    void adamStep(View param, View grad, View expAvg, View expAvgSq, View maxExpAvgSq, AdamStep h);

    /**
     * Inverted dropout over contiguous views of one floating dtype and equal size:
     * {@code out[i] = x[i] * (DropoutMask.keep(key0(seed), key1(seed), threshold(p), i) ? 1 / (1 - p) : 0)}, the scale
     * rounded to the views' dtype first, i the flat index. The same call on the output's gradient is the backward.
     *
     * @param out  the result, x's size and dtype, contiguous
     * @param x    the input, FLOAT32 or FLOAT64, contiguous
     * @param seed the mask's 64-bit seed (see {@link DropoutMask})
     * @param p    the drop probability, in {@code (0, 1)} (core handles {@code p = 0} itself)
     */
    void dropout(View out, View x, long seed, double p);
}
