package io.github.tensorforge.spi;

/**
 * Element-wise primitive ops of one operand. Floating-point ops (all but NEG, ABS, SIGN, RELU) are only dispatched on
 * FLOAT32/FLOAT64 tensors: core promotes integer input first. NEG, ABS, SIGN and RELU also run on INT32/INT64.
 *
 * <p>GELU is the exact form {@code 0.5 x (1 + erf(x / sqrt 2))}; GELU_TANH is the tanh approximation
 * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}; SILU is {@code x * sigmoid(x)}. They are primitives so a
 * backend runs them in one pass; core's tests check each against its composite definition.
 */
public enum UnaryOp {
    /** {@code -x}; also on integers. */ NEG,
    /** {@code abs(x)}; also on integers. */ ABS,
    /** The sign of {@code x}: -1, 0 or 1 ({@link Math#signum(double)}; NaN stays NaN); also on integers. */ SIGN,
    /** {@code e^x}. */ EXP,
    /** The natural logarithm; NaN below 0, {@code -inf} at 0. */ LOG,
    /** The square root; NaN below 0. */ SQRT,
    /** {@code 1 / sqrt(x)}. */ RSQRT,
    /** {@code 1 / x}. */ RECIP,
    /** The sine, in radians. */ SIN,
    /** The cosine, in radians. */ COS,
    /** The hyperbolic tangent. */ TANH,
    /** The error function {@code erf(x)}. */ ERF,
    /** The logistic function {@code 1 / (1 + exp(-x))}. */ SIGMOID,
    /** {@code max(x, 0)}, with NaN kept as NaN; also on integers. */ RELU,
    /** The exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))}. */ GELU,
    /** The tanh approximation of GELU. */ GELU_TANH,
    /** {@code x * sigmoid(x)} (also called swish). */ SILU;

    /**
     * True when the op is defined on integer dtypes as well as floating ones.
     *
     * @return true for NEG, ABS, SIGN and RELU
     */
    public boolean acceptsIntegers() {
        return switch (this) {
            case NEG, ABS, SIGN, RELU -> true;
            case EXP, LOG, SQRT, RSQRT, RECIP, SIN, COS, TANH, ERF, SIGMOID, GELU, GELU_TANH, SILU -> false;
        };
    }

    /**
     * True for the activations: a backend's {@link FusedKernels#activationBackward} computes their derivative in one
     * pass and {@link FusedKernels#linear} applies them as its epilogue. The backends and core read this, so adding
     * an activation means changing this switch and the kernels, not a list in each backend.
     *
     * @return true for RELU, SIGMOID, TANH, GELU, GELU_TANH and SILU
     */
    public boolean isActivation() {
        return switch (this) {
            case RELU, SIGMOID, TANH, GELU, GELU_TANH, SILU -> true;
            case NEG, ABS, SIGN, EXP, LOG, SQRT, RSQRT, RECIP, SIN, COS, ERF -> false;
        };
    }

    /**
     * True for the activations whose derivative is a function of their output alone (ReLU, sigmoid, tanh), so a fused
     * linear layer's backward needs only the output it kept, not the pre-activation.
     *
     * @return true for RELU, SIGMOID and TANH
     */
    public boolean derivativeFromOutput() {
        return switch (this) {
            case RELU, SIGMOID, TANH -> true;
            case NEG, ABS, SIGN, EXP, LOG, SQRT, RSQRT, RECIP, SIN, COS, ERF, GELU, GELU_TANH, SILU -> false;
        };
    }
}
