package io.github.tensorforge.core;

/** NumPy-style printing: nested brackets, and "..." in place of the middle of long axes when a tensor is large. */
final class TensorFormat {
    private TensorFormat() {}

    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    static String format(Tensor t) {
        if (t.isClosed()) return "tensor(<closed>, shape=" + Shapes.str(t.shape) + ", dtype=" + t.dtype + ")";
        double[] values;
        long[] ints = null;
        boolean integral = !t.dtype.isFloating();
        if (integral) ints = t.toLongArray();
        values = integral ? null : t.toDoubleArray();
        boolean summarize = t.numel() > THRESHOLD;
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.rank() == 0) {
            sb.append(integral ? element(t.dtype, ints[0]) : number(values[0]));
        } else {
            append(sb, t, values, ints, 0, 0, summarize, "tensor(".length());
        }
        sb.append(", shape=").append(Shapes.str(t.shape)).append(", dtype=").append(t.dtype);
        sb.append(", backend=").append(t.backend().name());
        if (t.gradFn != null) sb.append(", grad_fn=").append(t.gradFn.op);
        else if (t.requiresGrad) sb.append(", requires_grad=true");
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, Tensor t, double[] v, long[] ints, int axis, int base,
                               boolean summarize, int indent) {
        int n = t.shape[axis];
        int inner = 1;
        for (int i = axis + 1; i < t.rank(); i++) inner *= t.shape[i];
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append(axis == t.rank() - 1 ? "..., " : "...,\n" + " ".repeat(indent + axis + 1));
                i = n - EDGE;
            }
            int idx = base + i * inner;
            if (axis == t.rank() - 1) {
                sb.append(ints != null ? element(t.dtype, ints[idx]) : number(v[idx]));
            } else {
                append(sb, t, v, ints, axis + 1, idx, summarize, indent);
            }
            if (i < n - 1) {
                sb.append(axis == t.rank() - 1 ? ", " : ",\n" + "\n".repeat(Math.max(0, t.rank() - axis - 2))
                        + " ".repeat(indent + axis + 1));
            }
        }
        sb.append(']');
    }

    private static String element(DType dtype, long v) {
        return dtype == DType.BOOL ? (v != 0 ? "true" : "false") : Long.toString(v);
    }

    private static String number(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e8 || a < 1e-4)) return String.format("%.4e", v);
        return String.format("%.4f", v);
    }
}
