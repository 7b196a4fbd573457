package io.github.tensorforge.nn;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.Backend;

/**
 * Seeded parameter initialization with PyTorch's formulas ({@code torch.nn.init}). Values are drawn on the host from
 * an {@link Rng} in row-major order and uploaded once, so a seed gives the same parameters on every backend.
 * Fan-in / fan-out of a weight {@code (out, in, k...)} are {@code in * prod(k)} and {@code out * prod(k)}.
 */
public final class Init {
    private Init() {}

    /**
     * Draws a float32 tensor from {@code U(low, high)} on {@link Backends#current()}.
     *
     * @param rng   the generator the values are drawn from (advanced by one draw per element)
     * @param low   the inclusive lower bound
     * @param high  the exclusive upper bound
     * @param shape the shape of the result
     * @return a new float32 tensor of {@code shape}
     * @throws IllegalArgumentException if {@code shape} has a negative size, holds more than
     *                                  {@code Integer.MAX_VALUE} values, or exceeds the budget of {@link #withinBudget}
     */
    public static Tensor uniform(Rng rng, double low, double high, int... shape) {
        return uniform(Backends.current(), DType.FLOAT32, rng, low, high, shape);
    }

    /**
     * Draws a tensor from {@code U(low, high)} on {@code backend} in {@code dtype}.
     *
     * @param backend the backend the result lives on
     * @param dtype   {@link DType#FLOAT32} or {@link DType#FLOAT64}
     * @param rng     the generator the values are drawn from (advanced by one draw per element)
     * @param low     the inclusive lower bound
     * @param high    the exclusive upper bound
     * @param shape   the shape of the result
     * @return a new tensor of {@code shape} and {@code dtype}
     * @throws IllegalArgumentException if {@code dtype} is not floating, {@code shape} has a negative size, holds more
     *                                  than {@code Integer.MAX_VALUE} values, or exceeds the budget of
     *                                  {@link #withinBudget}
     */
    public static Tensor uniform(Backend backend, DType dtype, Rng rng, double low, double high, int... shape) {
        double[] v = new double[count(shape)];
        for (int i = 0; i < v.length; i++) v[i] = low + (high - low) * rng.uniform();
        return upload(backend, dtype, v, shape);
    }

    /**
     * Draws a float32 tensor from {@code N(mean, std^2)} on {@link Backends#current()}.
     *
     * @param rng   the generator the values are drawn from
     * @param mean  the mean
     * @param std   the standard deviation
     * @param shape the shape of the result
     * @return a new float32 tensor of {@code shape}
     * @throws IllegalArgumentException if {@code shape} has a negative size, holds more than
     *                                  {@code Integer.MAX_VALUE} values, or exceeds the budget of {@link #withinBudget}
     */
    public static Tensor normal(Rng rng, double mean, double std, int... shape) {
        return normal(Backends.current(), DType.FLOAT32, rng, mean, std, shape);
    }

    /**
     * Draws a tensor from {@code N(mean, std^2)} on {@code backend} in {@code dtype}.
     *
     * @param backend the backend the result lives on
     * @param dtype   {@link DType#FLOAT32} or {@link DType#FLOAT64}
     * @param rng     the generator the values are drawn from
     * @param mean    the mean
     * @param std     the standard deviation
     * @param shape   the shape of the result
     * @return a new tensor of {@code shape} and {@code dtype}
     * @throws IllegalArgumentException if {@code dtype} is not floating, {@code shape} has a negative size, holds more
     *                                  than {@code Integer.MAX_VALUE} values, or exceeds the budget of
     *                                  {@link #withinBudget}
     */
    public static Tensor normal(Backend backend, DType dtype, Rng rng, double mean, double std, int... shape) {
        double[] v = new double[count(shape)];
        for (int i = 0; i < v.length; i++) v[i] = mean + std * rng.gaussian();
        return upload(backend, dtype, v, shape);
    }

    /**
     * Glorot/Xavier uniform: {@code U(-b, b)}, {@code b = gain * sqrt(6 / (fanIn + fanOut))}, float32 on
     * {@link Backends#current()}.
     *
     * @param rng   the generator the values are drawn from
     * @param gain  the scale factor ({@code 1} for linear layers)
     * @param shape the weight's shape {@code (out, in, k...)}
     * @return a new float32 tensor of {@code shape}
     * @throws IllegalArgumentException if {@code shape} is 0-d or invalid, or exceeds the budget of
     *                                  {@link #withinBudget}
     */
    public static Tensor xavierUniform(Rng rng, double gain, int... shape) {
        double b = gain * Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
        return uniform(rng, -b, b, shape);
    }

    /**
     * Glorot/Xavier normal: {@code N(0, gain^2 * 2 / (fanIn + fanOut))}, float32 on {@link Backends#current()}.
     *
     * @param rng   the generator the values are drawn from
     * @param gain  the scale factor ({@code 1} for linear layers)
     * @param shape the weight's shape {@code (out, in, k...)}
     * @return a new float32 tensor of {@code shape}
     * @throws IllegalArgumentException if {@code shape} is 0-d or invalid, or exceeds the budget of
     *                                  {@link #withinBudget}
     */
    public static Tensor xavierNormal(Rng rng, double gain, int... shape) {
        return normal(rng, 0, gain * Math.sqrt(2.0 / (fanIn(shape) + fanOut(shape))), shape);
    }

    /**
     * He/Kaiming uniform on fan-in with leaky-ReLU slope {@code a}: {@code U(-b, b)},
     * {@code b = sqrt(3) * sqrt(2 / (1 + a^2)) / sqrt(fanIn)}. PyTorch's Linear and Conv2d default is
     * {@code a = sqrt(5)}, which gives {@code b = 1 / sqrt(fanIn)}. The result is float32 on
     * {@link Backends#current()}.
     *
     * @param rng   the generator the values are drawn from
     * @param a     the negative slope of the leaky ReLU that follows ({@code 0} for ReLU)
     * @param shape the weight's shape {@code (out, in, k...)}
     * @return a new float32 tensor of {@code shape}
     * @throws IllegalArgumentException if {@code shape} is 0-d or invalid, or exceeds the budget of
     *                                  {@link #withinBudget}
     */
    public static Tensor kaimingUniform(Rng rng, double a, int... shape) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double b = Math.sqrt(3.0) * gain / Math.sqrt(fanIn(shape));
        return uniform(rng, -b, b, shape);
    }

    /**
     * He/Kaiming normal on fan-in: {@code N(0, (gain / sqrt(fanIn))^2)}, gain {@code sqrt(2 / (1 + a^2))}, float32 on
     * {@link Backends#current()}.
     *
     * @param rng   the generator the values are drawn from
     * @param a     the negative slope of the leaky ReLU that follows ({@code 0} for ReLU)
     * @param shape the weight's shape {@code (out, in, k...)}
     * @return a new float32 tensor of {@code shape}
     * @throws IllegalArgumentException if {@code shape} is 0-d or invalid, or exceeds the budget of
     *                                  {@link #withinBudget}
     */
    public static Tensor kaimingNormal(Rng rng, double a, int... shape) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        return normal(rng, 0, gain / Math.sqrt(fanIn(shape)), shape);
    }

    /**
     * The fan-in of a weight: {@code shape[1] * prod(shape[2:])} for {@code rank >= 2}, else {@code shape[0]}.
     *
     * @param shape the weight's shape {@code (out, in, k...)}
     * @return the number of inputs feeding each output
     * @throws IllegalArgumentException if {@code shape} is 0-d
     */
    public static int fanIn(int... shape) {
        if (shape.length < 2) {
            if (shape.length == 1) return shape[0];
            throw new IllegalArgumentException("Init: fan-in of a 0-d tensor is undefined");
        }
        int f = shape[1];
        for (int i = 2; i < shape.length; i++) f *= shape[i];
        return f;
    }

    /**
     * The fan-out of a weight: {@code shape[0] * prod(shape[2:])} for {@code rank >= 2}, {@code shape[0]} for rank 1,
     * and 1 for a 0-d shape.
     *
     * @param shape the weight's shape {@code (out, in, k...)}
     * @return the number of outputs each input feeds
     */
    public static int fanOut(int... shape) {
        if (shape.length < 2) return shape.length == 1 ? shape[0] : 1;
        int f = shape[0];
        for (int i = 2; i < shape.length; i++) f *= shape[i];
        return f;
    }

    private static int count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("Init: negative size in shape " + java.util.Arrays.toString(shape));
            if (d == 0) return 0;
        }
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Init: shape " + java.util.Arrays.toString(shape) + " is too large");
            }
        }
        long[] left = BUDGET.get();
        if (left != null) {
            if (n > left[0]) {
                throw new IllegalArgumentException("the model needs a parameter of shape " + java.util.Arrays.toString(shape)
                        + " (" + n + " values), more than the " + left[1] + " values its weights hold in all: the model's "
                        + "configuration and its weights do not belong together");
            }
            left[0] -= n;
        }
        return (int) n;
    }

    /**
     * Counts an allocation of {@code shape} that is not made by this class (a fixed table, for example) against the
     * budget of {@link #withinBudget}, failing the same way when it does not fit. Without a budget it only checks
     * the shape.
     *
     * @param shape the shape of the allocation
     * @throws IllegalArgumentException if {@code shape} has a negative size, holds more than
     *                                  {@code Integer.MAX_VALUE} values, or does not fit the remaining budget
     */
    public static void reserve(int... shape) { count(shape); }

    /** Values that parameters built on this thread may still take (remaining, total), or null: no limit. */
    private static final ThreadLocal<long[]> BUDGET = new ThreadLocal<>();

    /**
     * Builds with {@code build} while the parameters it initializes may hold at most {@code values} values in all, so
     * that a configuration read from a file cannot allocate more than the weights that come with it (a size edited to
     * 10^7 would otherwise fill the heap before the weights are even read); the build fails with
     * IllegalArgumentException instead. The budget holds for the current thread only; a previous budget is restored
     * afterwards.
     *
     * @param <T>    the type of what is built
     * @param values the most values all parameters built by {@code build} may hold together
     * @param build  the code that builds the model
     * @return what {@code build} returned
     * @throws IllegalArgumentException if a parameter (or a {@link #reserve reserved} table) exceeds the budget
     */
    public static <T> T withinBudget(long values, java.util.function.Supplier<T> build) {
        long[] previous = BUDGET.get();
        BUDGET.set(new long[] {values, values});
        try {
            return build.get();
        } finally {
            if (previous == null) BUDGET.remove();
            else BUDGET.set(previous);
        }
    }

    private static Tensor upload(Backend backend, DType dtype, double[] v, int[] shape) {
        if (dtype == DType.FLOAT64) return Tensor.on(backend).of(v, shape);
        if (dtype != DType.FLOAT32) throw new IllegalArgumentException("Init: dtype must be float32 or float64, got " + dtype);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.on(backend).of(f, shape);
    }
}
