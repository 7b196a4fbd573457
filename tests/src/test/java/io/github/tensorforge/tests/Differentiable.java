package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.core.Functional;
import io.github.tensorforge.core.PadMode;
import io.github.tensorforge.core.Reduction;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.spi.ScalarMath;
import io.github.tensorforge.spi.UnaryOp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every differentiable op of the public API, with inputs chosen away from kinks and ties (so finite differences are
 * meaningful) and through broadcasting and views. Used by the gradient conformance tests and the gradient checks.
 */
final class Differentiable {
    private Differentiable() {}

    /** An op under test: {@code inputs(dtype)} are its inputs (those marked grad() are differentiated). */
    record Op(String name, Function<Tensor[], Tensor> fn, Function<DType, In[]> inputs) {
        @Override public String toString() { return name; }
    }

    private static final List<Op> OPS = new ArrayList<>();

    private static void op(String name, Function<DType, In[]> inputs, Function<Tensor[], Tensor> fn) {
        OPS.add(new Op(name, fn, inputs));
    }

    static In g(In in) { return in.grad(); }

    static {
        // element-wise binary, with broadcasting and views
        op("add broadcast", d -> new In[] {g(In.randn(d, 3, 4)), g(In.randn(d, 4))}, x -> x[0].add(x[1]));
        op("sub outer broadcast", d -> new In[] {g(In.randn(d, 3, 1)), g(In.randn(d, 1, 5))}, x -> x[0].sub(x[1]));
        op("mul transposed", d -> new In[] {g(In.transposed(In.randn(d, 4, 3))), g(In.randn(d, 4, 3))}, x -> x[0].mul(x[1]));
        op("mul fan-out", d -> new In[] {g(In.randn(d, 5))}, x -> x[0].mul(x[0]).add(x[0]));
        op("div", d -> new In[] {g(In.randn(d, 2, 3)), g(In.awayFromZero(d, 0.5, 3))}, x -> x[0].div(x[1]));
        op("pow", d -> new In[] {g(In.uniform(d, 0.5, 2, 5)), g(In.randn(d, 5))}, x -> x[0].pow(x[1]));
        op("pow scalar", d -> new In[] {g(In.uniform(d, 0.5, 2, 6))}, x -> x[0].pow(2.5));
        op("maximum", d -> new In[] {g(In.randn(d, 7)), g(In.randn(d, 7))}, x -> x[0].maximum(x[1]));
        op("minimum broadcast", d -> new In[] {g(In.randn(d, 2, 4)), g(In.randn(d, 4))}, x -> x[0].minimum(x[1]));
        op("scalar ops", d -> new In[] {g(In.awayFromZero(d, 0.3, 6))},
                x -> x[0].add(2).sub(0.5).mul(3).div(1.5).rsub(1).rdiv(4).maximum(-10).minimum(10));
        // element-wise unary
        op("neg", d -> new In[] {g(In.randn(d, 5))}, x -> x[0].neg());
        op("abs", d -> new In[] {g(In.awayFromZero(d, 0.1, 6))}, x -> x[0].abs());
        op("exp", d -> new In[] {g(In.randn(d, 6))}, x -> x[0].exp());
        op("log", d -> new In[] {g(In.uniform(d, 0.3, 3, 6))}, x -> x[0].log());
        op("sqrt", d -> new In[] {g(In.uniform(d, 0.3, 3, 6))}, x -> x[0].sqrt());
        op("rsqrt", d -> new In[] {g(In.uniform(d, 0.3, 3, 6))}, x -> x[0].rsqrt());
        op("reciprocal", d -> new In[] {g(In.awayFromZero(d, 0.4, 6))}, x -> x[0].reciprocal());
        op("sin", d -> new In[] {g(In.randn(d, 6))}, x -> x[0].sin());
        op("cos", d -> new In[] {g(In.randn(d, 6))}, x -> x[0].cos());
        op("tanh", d -> new In[] {g(In.randn(d, 6))}, x -> x[0].tanh());
        op("erf", d -> new In[] {g(In.randn(d, 6))}, x -> x[0].erf());
        op("sigmoid", d -> new In[] {g(In.randn(d, 2.0, 6))}, x -> x[0].sigmoid());
        op("relu", d -> new In[] {g(In.awayFromZero(d, 0.1, 8))}, x -> x[0].relu());
        op("gelu", d -> new In[] {g(In.randn(d, 2.0, 8))}, x -> x[0].gelu());
        op("geluTanh", d -> new In[] {g(In.randn(d, 2.0, 8))}, x -> x[0].geluTanh());
        op("silu", d -> new In[] {g(In.randn(d, 2.0, 8))}, x -> x[0].silu());
        op("square", d -> new In[] {g(In.randn(d, 6))}, x -> x[0].square());
        op("leakyRelu", d -> new In[] {g(In.awayFromZero(d, 0.1, 8))}, x -> x[0].leakyRelu(0.1));
        // Every op of the unary table, driven by the enum so that a new op is checked without a line here: on
        // (0.3, 3), and on (-3, -0.3) where the reference defines it there.
        for (UnaryOp u : UnaryOp.values()) {
            op("table " + u + " on (0.3, 3)", d -> new In[] {g(In.uniform(d, 0.3, 3, 7))}, x -> x[0].apply(u));
            if (!Double.isNaN(ScalarMath.unary(u, -1.5))) {
                op("table " + u + " on (-3, -0.3)", d -> new In[] {g(In.uniform(d, -3, -0.3, 7))}, x -> x[0].apply(u));
            }
        }
        op("clamp", d -> new In[] {g(In.randn(d, 8))}, x -> x[0].clamp(-0.5, 0.75));
        op("sign (zero gradient)", d -> new In[] {g(In.awayFromZero(d, 0.1, 4)), g(In.randn(d, 4))},
                x -> x[0].sign().mul(x[1]));
        op("where broadcast", d -> new In[] {In.bools(3, 4), g(In.randn(d, 3, 1)), g(In.randn(d, 4))},
                x -> Tensor.where(x[0], x[1], x[2]));
        op("maskedFill", d -> new In[] {In.bools(2, 5), g(In.randn(d, 2, 5))}, x -> x[1].maskedFill(x[0], 3));
        // reductions
        op("sum axes keepDim", d -> new In[] {g(In.randn(d, 2, 3, 4))}, x -> x[0].sum(new int[] {0, 2}, true));
        op("sum all of expanded", d -> new In[] {g(In.randn(d, 3, 1))}, x -> x[0].expand(3, 4).sum());
        op("mean axis", d -> new In[] {g(In.randn(d, 3, 5))}, x -> x[0].mean(1, false));
        op("max axis", d -> new In[] {g(In.randn(d, 3, 5))}, x -> x[0].max(1, true));
        op("min all", d -> new In[] {g(In.randn(d, 4, 3))}, x -> x[0].min());
        op("max of transposed", d -> new In[] {g(In.transposed(In.randn(d, 4, 3)))}, x -> x[0].max(0, false));
        op("var", d -> new In[] {g(In.randn(d, 3, 5))}, x -> x[0].var(new int[] {1}, 1, false));
        op("std population", d -> new In[] {g(In.randn(d, 3, 5))}, x -> x[0].std(new int[] {0}, 0, true));
        op("logSumExp", d -> new In[] {g(In.randn(d, 3, 5))}, x -> x[0].logSumExp(1, false));
        // matmul
        op("matmul", d -> new In[] {g(In.randn(d, 3, 4)), g(In.randn(d, 4, 5))}, x -> x[0].matmul(x[1]));
        op("matmul vectors", d -> new In[] {g(In.randn(d, 4)), g(In.randn(d, 4))}, x -> x[0].matmul(x[1]));
        op("matmul matrix-vector", d -> new In[] {g(In.randn(d, 3, 4)), g(In.randn(d, 4))}, x -> x[0].matmul(x[1]));
        op("matmul vector-matrix", d -> new In[] {g(In.randn(d, 4)), g(In.randn(d, 4, 2))}, x -> x[0].matmul(x[1]));
        op("matmul batched broadcast", d -> new In[] {g(In.randn(d, 2, 3, 4)), g(In.randn(d, 4, 2))}, x -> x[0].matmul(x[1]));
        op("matmul broadcast batch 1", d -> new In[] {g(In.randn(d, 1, 3, 4)), g(In.randn(d, 2, 4, 2))}, x -> x[0].matmul(x[1]));
        op("matmul transposed", d -> new In[] {g(In.transposed(In.randn(d, 3, 4))), g(In.transposed(In.randn(d, 4, 2)))},
                x -> x[0].matmul(x[1]));
        // indexing
        op("indexSelect repeated", d -> new In[] {g(In.randn(d, 4, 3)), In.values(DType.INT64, new double[] {1, 1, 3, 0, 1}, 5)},
                x -> x[0].indexSelect(0, x[1]));
        op("indexSelect axis 1 2-D index", d -> new In[] {g(In.randn(d, 2, 5)), In.values(DType.INT32, new double[] {4, 0, 4, 4}, 2, 2)},
                x -> x[0].indexSelect(1, x[1]));
        op("scatterAdd", d -> new In[] {g(In.randn(d, 3, 2)), In.values(DType.INT64, new double[] {2, 0, 2, 2}, 4), g(In.randn(d, 4, 2))},
                x -> x[0].scatterAdd(0, x[1], x[2]));
        // composites
        op("softmax", d -> new In[] {g(In.randn(d, 3, 5))}, x -> x[0].softmax(-1));
        op("softmax axis 0", d -> new In[] {g(In.randn(d, 3, 5))}, x -> x[0].softmax(0));
        op("logSoftmax", d -> new In[] {g(In.randn(d, 3, 5))}, x -> x[0].logSoftmax(1));
        op("logSoftmax transposed", d -> new In[] {g(In.transposed(In.randn(d, 3, 5)))}, x -> x[0].logSoftmax(-1));
        op("layerNorm", d -> new In[] {g(In.randn(d, 3, 6)), g(In.randn(d, 6)), g(In.randn(d, 6))},
                x -> x[0].layerNorm(x[1], x[2], 1e-5));
        op("layerNorm no affine", d -> new In[] {g(In.randn(d, 2, 7))}, x -> x[0].layerNorm(null, null, 1e-5));
        op("layerNorm 2 axes", d -> new In[] {g(In.randn(d, 2, 2, 3)), g(In.randn(d, 2, 3)), g(In.randn(d, 2, 3))},
                x -> Functional.layerNorm(x[0], new int[] {2, 3}, x[1], x[2], 1e-5));
        op("crossEntropy", d -> new In[] {g(In.randn(d, 4, 5)), In.values(DType.INT64, new double[] {0, 3, 3, 4}, 4)},
                x -> x[0].crossEntropy(x[1]));
        op("crossEntropy weighted smoothing ignore", d -> new In[] {g(In.randn(d, 5, 4)),
                        In.values(DType.INT32, new double[] {0, 3, -100, 1, 3}, 5), g(In.uniform(d, 0.5, 2, 4))},
                x -> Functional.crossEntropy(x[0], x[1], x[2], Reduction.MEAN, 0.1, -100));
        op("crossEntropy sum ignore 1", d -> new In[] {g(In.randn(d, 4, 3)), In.values(DType.INT64, new double[] {1, 0, 2, 1}, 4)},
                x -> Functional.crossEntropy(x[0], x[1], null, Reduction.SUM, 0.0, 1));
        op("crossEntropy none", d -> new In[] {g(In.randn(d, 3, 4)), In.values(DType.INT64, new double[] {1, 0, 2}, 3)},
                x -> Functional.crossEntropy(x[0], x[1], null, Reduction.NONE, 0.2, -100));
        op("mse", d -> new In[] {g(In.randn(d, 3, 4)), g(In.randn(d, 4))}, x -> x[0].mse(x[1]));
        op("mse sum", d -> new In[] {g(In.randn(d, 5)), g(In.randn(d, 5))}, x -> Functional.mse(x[0], x[1], Reduction.SUM));
        op("dropout", d -> new In[] {g(In.randn(d, 4, 5))}, x -> x[0].dropout(0.3, new Rng(5), true));
        for (UnaryOp act : CompositeConformanceTest.ACTIVATIONS) {
            op("linear " + act, d -> new In[] {g(In.randn(d, 3, 4)), g(In.randn(d, 4, 5)), g(In.randn(d, 5))},
                    x -> Functional.linear(x[0], x[1], x[2], act));
        }
        op("linear transposed weight no bias", d -> new In[] {g(In.randn(d, 2, 3, 4)), g(In.randn(d, 5, 4))},
                x -> Functional.linear(x[0], x[1].t(), null, UnaryOp.RELU));
        // views
        op("reshape of transposed (copy)", d -> new In[] {g(In.transposed(In.randn(d, 3, 4)))}, x -> x[0].reshape(2, 6).mul(x[0].reshape(2, 6)));
        op("permute", d -> new In[] {g(In.randn(d, 2, 3, 4))}, x -> x[0].permute(2, 0, 1).exp());
        op("expand", d -> new In[] {g(In.randn(d, 1, 3))}, x -> x[0].expand(4, 3).sin());
        op("slice step", d -> new In[] {g(In.randn(d, 4, 7))}, x -> x[0].slice(1, 1, 7, 2).tanh());
        op("select", d -> new In[] {g(In.randn(d, 4, 3))}, x -> x[0].select(0, 2).exp());
        op("squeeze unsqueeze flatten", d -> new In[] {g(In.randn(d, 2, 1, 3))},
                x -> x[0].squeeze(1).unsqueeze(0).flatten().mul(x[0].flatten()));
        op("cat", d -> new In[] {g(In.randn(d, 2, 3)), g(In.randn(d, 2, 2))}, x -> Tensor.cat(List.of(x[0], x[1], x[0]), 1).exp());
        op("stack", d -> new In[] {g(In.randn(d, 3)), g(In.randn(d, 3))}, x -> Tensor.stack(List.of(x[0], x[1]), 1).square());
        op("split", d -> new In[] {g(In.randn(d, 5, 2))}, x -> {
            List<Tensor> parts = x[0].split(new int[] {2, 3}, 0);
            return parts.get(0).sum(0, false).mul(parts.get(1).exp().sum(0, false));
        });
        op("chunk", d -> new In[] {g(In.randn(d, 2, 6))}, x -> {
            List<Tensor> parts = x[0].chunk(3, 1);
            return parts.get(0).mul(parts.get(2)).add(parts.get(1).sin());
        });
        op("contiguous and copy", d -> new In[] {g(In.transposed(In.randn(d, 3, 2)))}, x -> x[0].contiguous().mul(x[0].copy()));
        // shaping, scans, norms, orderings, einsum
        op("tril triu", d -> new In[] {g(In.randn(d, 2, 3, 4))}, x -> x[0].tril(1).exp().add(x[0].triu(-1).square()));
        op("cumsum", d -> new In[] {g(In.transposed(In.randn(d, 9, 3)))}, x -> x[0].cumsum(0).square().add(x[0].cumsum(-1)));
        op("repeat tile", d -> new In[] {g(In.randn(d, 2, 3))}, x -> x[0].repeat(2, 1, 2).square().sum(0, false).add(x[0].tile(2).exp()));
        for (PadMode mode : PadMode.values()) {
            op("pad " + mode, d -> new In[] {g(In.randn(d, 2, 3, 4))}, x -> x[0].pad(new int[] {2, 1, 1, 2}, mode).square());
        }
        op("pad constant value", d -> new In[] {g(In.randn(d, 3, 2))}, x -> x[0].pad(new int[] {1, 0}, 0.5).exp());
        op("norms", d -> new In[] {g(In.awayFromZero(d, 0.2, 3, 4))}, x -> x[0].norm(1, new int[] {1}, false)
                .add(x[0].norm(2, new int[] {0}, true).sum()).add(x[0].norm(3, new int[] {-1}, false))
                .add(x[0].norm(Double.POSITIVE_INFINITY, new int[] {0, 1}, false)).add(x[0].norm()));
        op("logSumExp axes", d -> new In[] {g(In.randn(d, 2, 3, 4))}, x -> x[0].logSumExp(new int[] {0, 2}, false));
        op("clampMin clampMax", d -> new In[] {g(In.randn(d, 8))}, x -> x[0].clampMin(-0.4).mul(x[0].clampMax(0.3)));
        op("gather", d -> new In[] {g(In.randn(d, 3, 4)), In.longs(new long[] {2, 0, 0, 1, 3, 3, 1, 0}, 2, 4)},
                x -> x[0].gather(1, x[1].slice(0, 0, 2).pad(new int[] {0, 0, 0, 1}, 0.0)).square());
        op("sort", d -> new In[] {g(In.randn(d, 3, 5)), In.randn(d, 3, 5)}, x -> x[0].sort(1, true).values().mul(x[1]));
        op("topk", d -> new In[] {g(In.randn(d, 4, 6))}, x -> x[0].topk(2, 0, false).values().exp());
        op("maxWithIndices", d -> new In[] {g(In.randn(d, 4, 5))}, x -> x[0].maxWithIndices(1, false).values().square());
        op("einsum batched", d -> new In[] {g(In.randn(d, 2, 3, 4)), g(In.randn(d, 2, 4, 2))},
                x -> Tensor.einsum("bij,bjk->bik", x[0], x[1]));
        op("einsum attention scores", d -> new In[] {g(In.randn(d, 2, 3, 4)), g(In.transposed(In.randn(d, 5, 4)))},
                x -> Tensor.einsum("bqd,kd->bqk", x[0], x[1]).exp());
        op("einsum outer and sum", d -> new In[] {g(In.randn(d, 3)), g(In.randn(d, 4, 3))},
                x -> Tensor.einsum("i,ji->j", x[0], x[1]).add(Tensor.einsum("ij->", x[1])));
    }

    static List<Op> all() { return OPS; }
}
