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
    // Each constant states its facts here, once: its relative cost and its traits. Backends and core read them.
    /** {@code -x}; also on integers. */ NEG(1, Trait.INTEGERS),
    /** {@code abs(x)}; also on integers. */ ABS(1, Trait.INTEGERS),
    /** The sign of {@code x}: -1, 0 or 1 ({@link Math#signum(double)}; NaN stays NaN); also on integers. */
    SIGN(1, Trait.INTEGERS),
    /** {@code e^x}. */ EXP(8),
    /** The natural logarithm; NaN below 0, {@code -inf} at 0. */ LOG(8),
    /** The square root; NaN below 0. */ SQRT(1),
    /** {@code 1 / sqrt(x)}. */ RSQRT(1),
    /** {@code 1 / x}. */ RECIP(1),
    /** The sine, in radians. */ SIN(16),
    /** The cosine, in radians. */ COS(16),
    /** The hyperbolic tangent. */ TANH(8, Trait.ACTIVATION, Trait.DERIVATIVE_FROM_OUTPUT),
    /** The error function {@code erf(x)}. */ ERF(8),
    /** The logistic function {@code 1 / (1 + exp(-x))}. */
    SIGMOID(8, Trait.ACTIVATION, Trait.DERIVATIVE_FROM_OUTPUT),
    /** {@code max(x, 0)}, with NaN kept as NaN; also on integers. */
    RELU(1, Trait.INTEGERS, Trait.ACTIVATION, Trait.DERIVATIVE_FROM_OUTPUT),
    /** The exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))}. */ GELU(8, Trait.ACTIVATION),
    /** The tanh approximation of GELU. */ GELU_TANH(8, Trait.ACTIVATION),
    /** {@code x * sigmoid(x)} (also called swish). */ SILU(8, Trait.ACTIVATION),
    /** {@code log(1 + e^x)}, and {@code x} itself above 20 (PyTorch's {@code softplus} with beta 1, threshold 20). */
    SOFTPLUS(16),
    /** {@code log(1 + x)}, accurate near 0. */ LOG1P(8),
    /** {@code e^x - 1}, accurate near 0. */ EXPM1(8),
    /** The largest integer value not above {@code x} (a floating result; zero gradient). */ FLOOR(1),
    /** The smallest integer value not below {@code x} (a floating result; zero gradient). */ CEIL(1),
    /** The nearest integer value, halves to even ({@link Math#rint}, as {@code torch.round}; zero gradient). */
    ROUND(1);

    /** What an op is, beyond its formula. */
    private enum Trait {
        /** Defined on INT32/INT64 as well; other ops see only floats (core promotes). */
        INTEGERS,
        /** Has fused backward and linear-epilogue kernels on every backend. */
        ACTIVATION,
        /** An activation whose derivative is a function of its output alone. */
        DERIVATIVE_FROM_OUTPUT
    }

    private final int cost;
    private final java.util.Set<Trait> traits;

    UnaryOp(int cost, Trait... traits) {
        this.cost = cost;
        this.traits = traits.length == 0 ? java.util.EnumSet.noneOf(Trait.class)
                : java.util.EnumSet.copyOf(java.util.Arrays.asList(traits));
    }

    /**
     * True when the op is defined on integer dtypes as well as floating ones.
     *
     * @return true for NEG, ABS, SIGN and RELU
     */
    public boolean acceptsIntegers() { return traits.contains(Trait.INTEGERS); }

    /**
     * True for the activations: a backend's {@link FusedKernels#activationBackward} computes their derivative in one
     * pass and {@link FusedKernels#linear} applies them as its epilogue. The backends and core read this, so adding
     * an activation means changing its constant here and the kernels, not a list in each backend.
     *
     * @return true for RELU, SIGMOID, TANH, GELU, GELU_TANH and SILU
     */
    public boolean isActivation() { return traits.contains(Trait.ACTIVATION); }

    /**
     * True for the activations whose derivative is a function of their output alone (ReLU, sigmoid, tanh), so a fused
     * linear layer's backward needs only the output it kept, not the pre-activation.
     *
     * @return true for RELU, SIGMOID and TANH
     */
    public boolean derivativeFromOutput() { return traits.contains(Trait.DERIVATIVE_FROM_OUTPUT); }

    /**
     * The op's cost per element relative to an addition (1): about 8 for exp-like functions, 16 for those with a wide
     * range reduction. Backends use it to decide how many elements are worth a thread.
     *
     * @return 1, 8 or 16
     */
    public int cost() { return cost; }
}
