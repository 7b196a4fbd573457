package io.github.tensorforge.spi;

/**
 * The meaning of every element-wise op, in double precision: one definition of the op table's scalar semantics. The
 * reference backend computes with these, other backends use them for their scalar paths and are tested against them
 * (it is part of the SPI, so that no backend depends on the reference backend).
 */
public final class ScalarMath {
    private ScalarMath() {}

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);

    /**
     * The floating-point semantics of a unary op.
     *
     * @param op the operation
     * @param x  the operand
     * @return {@code op(x)}, as defined for each {@link UnaryOp} constant
     */
    public static double unary(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case RECIP -> 1.0 / x;
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TANH -> Math.tanh(x);
            case ERF -> erf(x);
            case SIGMOID -> sigmoid(x);
            case RELU -> x > 0 ? x : (Double.isNaN(x) ? x : 0.0);
            case GELU -> 0.5 * x * (1.0 + erf(x * INV_SQRT_2));
            case GELU_TANH -> 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            case SILU -> x * sigmoid(x);
            case SOFTPLUS -> x > 20 ? x : Math.log1p(Math.exp(x));
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x);
        };
    }

    /**
     * Integer semantics of the ops that accept integers (NEG, ABS, SIGN, RELU), in 64-bit two's complement.
     *
     * @param op an op with {@link UnaryOp#acceptsIntegers()}
     * @param x  the operand
     * @return {@code op(x)}
     * @throws IllegalStateException if {@code op} is defined only on floating dtypes (core promotes those first)
     */
    public static long unary(UnaryOp op, long x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Long.signum(x);
            case RELU -> Math.max(x, 0);
            default -> throw new IllegalStateException(op + " is not defined on integers; core should have promoted");
        };
    }

    /**
     * The floating-point semantics of a binary op.
     *
     * @param op the operation
     * @param a  the left operand
     * @param b  the right operand
     * @return {@code a op b}; 1 or 0 for a comparison
     */
    public static double binary(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case POW -> Math.pow(a, b);
            case CMPLT -> a < b ? 1 : 0;
            case CMPLE -> a <= b ? 1 : 0;
            case CMPEQ -> a == b ? 1 : 0;
            case CMPNE -> a != b ? 1 : 0;
        };
    }

    /**
     * The integer semantics of a binary op, in 64-bit two's complement (overflow wraps).
     *
     * @param op any op but DIV and POW
     * @param a  the left operand
     * @param b  the right operand
     * @return {@code a op b}; 1 or 0 for a comparison
     * @throws IllegalStateException if {@code op} is DIV or POW (core promotes integers to floating first)
     */
    public static long binary(BinaryOp op, long a, long b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case CMPLT -> a < b ? 1 : 0;
            case CMPLE -> a <= b ? 1 : 0;
            case CMPEQ -> a == b ? 1 : 0;
            case CMPNE -> a != b ? 1 : 0;
            case DIV, POW -> throw new IllegalStateException(op + " is not defined on integers; core should have promoted");
        };
    }

    /**
     * The logistic function {@code 1 / (1 + exp(-x))}, computed so that {@code exp} never overflows.
     *
     * @param x the operand
     * @return {@code sigmoid(x)}, in {@code [0, 1]}
     */
    public static double sigmoid(double x) {
        // Split by sign so exp never overflows.
        if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /**
     * The error function to about 1e-14: Taylor series near 0, a continued fraction for erfc in the tails.
     *
     * @param x the operand
     * @return {@code erf(x)}, in {@code [-1, 1]}; NaN for NaN
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax < 3.0) {
            double x2 = x * x, term = x, sum = x;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            }
            return 2.0 / Math.sqrt(Math.PI) * sum;
        }
        if (ax > 7.0) return Math.copySign(1.0, x);
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) evaluated with modified Lentz.
        double tiny = 1e-300;
        double f = ax, c = ax, d = 0;
        for (int n = 1; n < 300; n++) {
            double a = n * 0.5;
            d = ax + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = ax + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) break;
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return Math.copySign(1.0 - erfc, x);
    }
}
