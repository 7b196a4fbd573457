package io.github.tensorforge.core;

import io.github.tensorforge.spi.ScalarMath;
import io.github.tensorforge.spi.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Finite-difference checks (float64) of every differentiable op, including through broadcasting and views. */
class GradCheckTest {
    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Rng(seed), shape).to(DType.FLOAT64).requiresGrad();
    }

    private static Tensor positive(long seed, int... shape) {
        return Tensor.rand(new Rng(seed), shape).to(DType.FLOAT64).add(0.5).requiresGrad();
    }

    private static void check(String name, Function<Tensor[], Tensor> f, Tensor... in) { GradCheck.check(name, f, in); }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"SIGN"}, mode = EnumSource.Mode.EXCLUDE)
    void unary(UnaryOp op) {
        // Away from 0 (the kinks of abs and relu), from integers and halves (the steps of floor, ceil, round), where
        // the finite difference is not the derivative; positive where the reference is NaN on some of them.
        double[] mixed = {-1.3, -0.7, -0.2, 0.3, 0.8, 1.6, 2.1, -2.4};
        boolean needsPositive = op == UnaryOp.RECIP;   // defined at -0.2, but steep
        for (double v : mixed) needsPositive |= Double.isNaN(ScalarMath.unary(op, v));
        Tensor x = needsPositive ? positive(1, 3, 4) : Tensor.of(mixed, 2, 4).requiresGrad();
        check(op.name(), in -> Ops.unary(op, in[0]), x);
    }

    @Test void binaryWithBroadcasting() {
        Tensor a = randn(1, 2, 3), b = randn(2, 3), col = randn(3, 2, 1);
        Tensor pa = positive(4, 2, 3), pb = positive(5, 3);
        check("add", in -> in[0].add(in[1]), a, b);
        check("sub", in -> in[0].sub(in[1]), a, col);
        check("mul", in -> in[0].mul(in[1]), a, col);
        check("div", in -> in[0].div(in[1]), a, pb);
        check("pow", in -> in[0].pow(in[1]), pa, pb);
        check("pow scalar", in -> in[0].pow(3), a);
        check("maximum", in -> in[0].maximum(in[1]), a, randn(6, 2, 3));
        check("minimum", in -> in[0].minimum(in[1]), a, randn(7, 3));
        check("rsub/rdiv", in -> in[0].rsub(2).add(in[1].rdiv(1)), a, pb);
        check("where", in -> Tensor.where(in[0].gt(0), in[0], in[1]), a, b);
        check("leakyRelu", in -> in[0].leakyRelu(0.1), Tensor.of(new double[] {-1, -0.5, 0.5, 2}).requiresGrad());
        check("clamp", in -> in[0].clamp(-0.5, 0.5), Tensor.of(new double[] {-1, -0.3, 0.2, 2}).requiresGrad());
        check("maskedFill", in -> in[0].maskedFill(in[0].lt(0), 0), a);
    }

    @Test void reductions() {
        Tensor x = randn(8, 2, 3, 4);
        check("sum all", in -> in[0].sum(), x);
        check("sum axes", in -> in[0].sum(new int[] {0, 2}, false), x);
        check("mean keepDim", in -> in[0].mean(1, true), x);
        check("max", in -> in[0].max(2, false), x);
        check("min", in -> in[0].min(new int[] {0, 1}, true), x);
        check("var", in -> in[0].var(new int[] {1}, 1, false), x);
        check("std", in -> in[0].std(new int[] {2}, 0, true), x);
        check("logSumExp", in -> in[0].logSumExp(-1, false), x);
    }

    @Test void matmulShapes() {
        check("matmul 2d", in -> in[0].matmul(in[1]), randn(1, 3, 4), randn(2, 4, 2));
        check("matmul transposed", in -> in[0].t().matmul(in[1].t()), randn(1, 4, 3), randn(2, 2, 4));
        check("matmul batched broadcast", in -> in[0].matmul(in[1]), randn(3, 2, 3, 4), randn(4, 4, 2));
        check("matmul vectors", in -> in[0].matmul(in[1]), randn(5, 4), randn(6, 4));
        check("matrix vector", in -> in[0].matmul(in[1]), randn(5, 3, 4), randn(6, 4));
    }

    @Test void views() {
        Tensor x = randn(9, 2, 3, 4);
        check("reshape", in -> in[0].reshape(6, 4).mul(in[0].reshape(6, 4)), x);
        check("permute", in -> in[0].permute(2, 0, 1).mul(Tensor.arange(0, 4, 1).to(DType.FLOAT64).reshape(4, 1, 1)), x);
        check("slice step", in -> in[0].slice(2, 1, 4, 2).exp(), x);
        check("select", in -> in[0].select(1, 2).square(), x);
        check("expand", in -> in[0].expand(3, 2, 4).mul(randn(10, 3, 2, 4).detach()), randn(11, 2, 1));
        check("squeeze/unsqueeze", in -> in[0].unsqueeze(1).squeeze(1).sin(), randn(12, 3));
        check("cat", in -> Tensor.cat(List.of(in[0], in[1]), 1).square(), randn(13, 2, 2), randn(14, 2, 3));
        check("stack", in -> Tensor.stack(List.of(in[0], in[1]), 0).mul(Tensor.arange(0, 6, 1).to(DType.FLOAT64).reshape(2, 3)), randn(15, 3), randn(16, 3));
        check("split", in -> in[0].split(new int[] {1, 2}, 0).get(1).square(), randn(17, 3, 2));
        check("contiguous of transpose", in -> in[0].t().contiguous().cos(), randn(18, 2, 3));
        // float32 rounding swamps a tiny step; the function is linear, so a large step is exact
        GradCheck.check("to float32 and back", in -> in[0].to(DType.FLOAT32).to(DType.FLOAT64).mul(2), 1e-1, 1e-4, 1e-4,
                randn(19, 3));
    }

    @Test void indexing() {
        Tensor ids = Tensor.of(new long[] {1, 0, 1, 2});
        check("indexSelect", in -> in[0].indexSelect(0, ids).square(), randn(20, 3, 2));
        check("scatterAdd", in -> in[0].scatterAdd(0, ids, in[1]).square(), randn(21, 3, 2), randn(22, 4, 2));
    }

    @Test void composites() {
        Tensor logits = randn(23, 4, 5);
        Tensor labels = Tensor.of(new long[] {0, 4, 2, 2});
        check("softmax", in -> in[0].softmax(-1), logits);
        check("softmax axis 0", in -> in[0].softmax(0), logits);
        check("logSoftmax", in -> in[0].logSoftmax(1), logits);
        check("crossEntropy", in -> Functional.crossEntropy(in[0], labels), logits);
        Tensor w = Tensor.of(new double[] {1, 2, 0.5, 1, 3});
        check("crossEntropy weighted smoothed ignore", in -> Functional.crossEntropy(in[0],
                Tensor.of(new long[] {0, -100, 2, 4}), w, Reduction.MEAN, 0.1, -100), logits);
        check("layerNorm", in -> Functional.layerNorm(in[0], in[1], in[2], 1e-5), randn(24, 3, 6), randn(25, 6), randn(26, 6));
        check("layerNorm 2 axes", in -> Functional.layerNorm(in[0], new int[] {2, 3}, null, null, 1e-5), randn(27, 2, 2, 3));
        check("mse", in -> Functional.mse(in[0], in[1]), randn(28, 3, 2), randn(29, 3, 2));
        check("linear relu", in -> Functional.linear(in[0], in[1], in[2], UnaryOp.RELU), randn(30, 3, 4), randn(31, 4, 2), randn(32, 2));
        check("linear gelu", in -> Functional.linear(in[0], in[1].t(), in[2], UnaryOp.GELU), randn(33, 3, 4), randn(34, 2, 4), randn(35, 2));
        check("dropout", in -> Functional.dropout(in[0], 0.3, new Rng(5), true), randn(36, 10));
    }

    @Test void gradCheckCanFail() {
        // A deliberately wrong rule must be caught: x -> x^2 with gradient recorded as 3x.
        Tensor x = randn(40, 3);
        assertThrows(AssertionError.class, () -> GradCheck.check("wrong", in -> {
            Tensor t = in[0];
            Tensor out = t.detach().square();
            return Autograd.record(out, "wrong", g -> new Tensor[] {g.mul(t.detach()).mul(3)}, t);
        }, x));
    }
}
