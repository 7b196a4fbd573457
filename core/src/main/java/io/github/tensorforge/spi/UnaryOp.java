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
    NEG, ABS, SIGN, EXP, LOG, SQRT, RSQRT, RECIP, SIN, COS, TANH, ERF, SIGMOID, RELU, GELU, GELU_TANH, SILU;

    /** True when the op is defined on integer dtypes as well as floating ones. */
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
     */
    public boolean derivativeFromOutput() {
        return switch (this) {
            case RELU, SIGMOID, TANH -> true;
            case NEG, ABS, SIGN, EXP, LOG, SQRT, RSQRT, RECIP, SIN, COS, ERF, GELU, GELU_TANH, SILU -> false;
        };
    }
}
