package io.github.tensorforge.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.tensorforge.core.Assert.close;
import static io.github.tensorforge.core.Assert.shape;
import static org.junit.jupiter.api.Assertions.*;

class ElementwiseTest {
    private static Tensor v(double... values) { return Tensor.of(values); }

    @Test void arithmeticWithBroadcasting() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor row = Tensor.of(new float[] {10, 20, 30}, 3);
        Tensor col = Tensor.of(new float[] {100, 200}, 2, 1);
        close(new double[] {11, 22, 33, 14, 25, 36}, a.add(row), 0);
        close(new double[] {101, 102, 103, 204, 205, 206}, a.add(col), 0);
        close(new double[] {-9, -18, -27, -6, -15, -24}, a.sub(row), 0);
        close(new double[] {10, 40, 90, 40, 100, 180}, a.mul(row), 0);
        close(new double[] {0.1, 0.1, 0.1, 0.4, 0.25, 0.2}, a.div(row), 1e-7);
        shape(row.add(col), 2, 3);
        close(new double[] {2, 3, 4, 5, 6, 7}, a.add(1.0), 0);
        close(new double[] {9, 8, 7, 6, 5, 4}, a.rsub(10), 0);
        close(new double[] {1, 0.5, 1.0 / 3, 0.25, 0.2, 1.0 / 6}, a.rdiv(1), 1e-7);
        close(new double[] {1, 4, 9, 16, 25, 36}, a.pow(2), 1e-6);
        close(new double[] {1, 4, 27}, v(1, 2, 3).pow(v(2, 2, 3)), 1e-12);
    }

    @Test void unaryMath() {
        Tensor x = v(-2, -0.5, 0, 0.5, 2);
        close(new double[] {2, 0.5, 0, -0.5, -2}, x.neg(), 0);
        close(new double[] {2, 0.5, 0, 0.5, 2}, x.abs(), 0);
        close(new double[] {-1, -1, 0, 1, 1}, x.sign(), 0);
        close(new double[] {Math.exp(-2), Math.exp(-0.5), 1, Math.exp(0.5), Math.exp(2)}, x.exp(), 1e-12);
        close(new double[] {0, Math.log(2)}, v(1, 2).log(), 1e-12);
        close(new double[] {2, 3}, v(4, 9).sqrt(), 1e-12);
        close(new double[] {0.5, 1.0 / 3}, v(4, 9).rsqrt(), 1e-12);
        close(new double[] {0.25, -0.5}, v(4, -2).reciprocal(), 1e-12);
        close(new double[] {Math.sin(1), Math.cos(1)}, Tensor.cat(List.of(v(1).sin(), v(1).cos()), 0), 1e-12);
        close(new double[] {Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(0.5), Math.tanh(2)}, x.tanh(), 1e-12);
        // erf(0.5) = 0.5204998778130465, erf(2) = 0.9953222650189527
        close(new double[] {-0.9953222650189527, -0.5204998778130465, 0, 0.5204998778130465, 0.9953222650189527}, x.erf(), 1e-13);
        close(new double[] {1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-2))}, v(-2, 0, 2).sigmoid(), 1e-12);
        close(new double[] {0, 0, 0, 0.5, 2}, x.relu(), 0);
        close(new double[] {-0.02, -0.005, 0, 0.5, 2}, x.leakyRelu(0.01), 1e-12);
        close(new double[] {-1, -0.5, 0, 0.5, 1}, x.clamp(-1, 1), 0);
        // gelu(2) = 2 * Phi(2) = 1.9544997361036416; gelu_tanh(2) = 1.9545976940877890
        close(new double[] {1.9544997361036416}, v(2).gelu(), 1e-12);
        close(new double[] {1.954597694087775}, v(2).geluTanh(), 1e-12);
        close(new double[] {2 / (1 + Math.exp(-2))}, v(2).silu(), 1e-12);
        close(new double[] {4, 0.25}, v(-2, 0.5).square(), 0);
    }

    @Test void activationsAreTheirCompositeDefinitions() {
        Tensor x = Tensor.randn(new Rng(3), 64).to(DType.FLOAT64).mul(3);
        close(x.mul(0.5).mul(x.div(Math.sqrt(2)).erf().add(1)).toDoubleArray(), x.gelu(), 1e-12);
        Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
        close(x.mul(0.5).mul(inner.tanh().add(1)).toDoubleArray(), x.geluTanh(), 1e-12);
        close(x.mul(x.neg().exp().add(1).reciprocal()).toDoubleArray(), x.silu(), 1e-12);
        close(x.neg().exp().add(1).reciprocal().toDoubleArray(), x.sigmoid(), 1e-12);
        close(Tensor.where(x.gt(0), x, 0.0).toDoubleArray(), x.relu(), 0);
    }

    @Test void extremeValues() {
        Tensor big = v(-1000, 1000, Double.NaN, Double.POSITIVE_INFINITY);
        close(new double[] {0, 1, Double.NaN, 1}, big.sigmoid(), 0);
        close(new double[] {-1, 1, Double.NaN, 1}, big.tanh(), 0);
        close(new double[] {0, Double.POSITIVE_INFINITY, Double.NaN, Double.POSITIVE_INFINITY}, big.exp(), 0);
        close(new double[] {Double.NaN, 3}, v(Double.NaN, 1).maximum(v(2, 3)), 0);
        close(new double[] {Double.NEGATIVE_INFINITY, Double.NaN}, v(0, -1).log(), 0);
    }

    @Test void comparisonsAndWhere() {
        Tensor a = v(1, 2, 3), b = v(3, 2, 1);
        assertArrayEquals(new boolean[] {true, false, false}, a.lt(b).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, false}, a.le(b).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, true}, a.gt(b).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, true}, a.ge(b).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, false}, a.eq(b).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, true}, a.ne(b).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, true}, a.gt(2.5).toBooleanArray());
        assertEquals(DType.BOOL, a.lt(b).dtype());
        close(new double[] {1, 2, 1}, Tensor.where(a.le(b), a, b), 0);
        close(new double[] {1, 2, -1}, Tensor.where(a.le(b), a, -1.0), 0);
        close(new double[] {-5, 2, 3}, a.maskedFill(a.lt(1.5), -5), 0);
        // cond broadcast against (2, 3)
        Tensor m = Tensor.of(new boolean[] {true, false, true}, 3);
        close(new double[] {0, 9, 0, 0, 9, 0}, Tensor.where(m, Tensor.zeros(2, 3), 9.0), 0);
        assertThrows(IllegalArgumentException.class, () -> a.maskedFill(a, 0));
        Tensor p = Tensor.of(new boolean[] {true, true, false, false}), q = Tensor.of(new boolean[] {true, false, true, false});
        assertArrayEquals(new boolean[] {true, false, false, false}, p.and(q).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, true, false}, p.or(q).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, true, true}, p.not().toBooleanArray());
        assertArrayEquals(new boolean[] {true, false}, Tensor.of(new int[] {2, 0}).and(Tensor.of(new float[] {1, 1})).toBooleanArray());
    }

    @Test void dtypePromotion() {
        Tensor i = Tensor.of(new int[] {1, 2, 3});
        Tensor l = Tensor.of(new long[] {1, 1, 1});
        Tensor f = Tensor.of(new float[] {0.5f, 0.5f, 0.5f});
        Tensor d = Tensor.of(new double[] {1, 1, 1});
        assertEquals(DType.INT64, i.add(l).dtype());
        assertEquals(DType.FLOAT32, i.add(f).dtype());
        assertEquals(DType.FLOAT64, f.add(d).dtype());
        assertEquals(DType.INT32, i.mul(2).dtype());
        assertEquals(DType.FLOAT32, i.mul(2.5).dtype());
        assertEquals(DType.FLOAT32, i.div(l).dtype(), "true division promotes integers");
        close(new double[] {0.5, 1, 1.5}, i.div(2), 0);
        assertEquals(DType.FLOAT32, i.exp().dtype());
        assertEquals(DType.INT32, i.neg().dtype());
        assertArrayEquals(new int[] {-1, -2, -3}, i.neg().toIntArray());
        Tensor mask = Tensor.of(new boolean[] {true, false, true});
        assertEquals(DType.FLOAT32, mask.mul(f).dtype());
        assertArrayEquals(new long[] {2, 0, 2}, mask.to(DType.INT64).mul(2).toLongArray());
        // large int64 values survive exactly
        long big = (1L << 60) + 1;
        assertEquals(big + 1, Tensor.of(new long[] {big}).add(1).itemLong());
    }

    @Test void castsBetweenAllDtypes() {
        Tensor x = v(-1.7, 0, 2.9);
        assertArrayEquals(new int[] {-1, 0, 2}, x.to(DType.INT32).toIntArray(), "float to int truncates toward zero");
        assertArrayEquals(new boolean[] {true, false, true}, x.to(DType.BOOL).toBooleanArray());
        assertArrayEquals(new float[] {1, 0, 1}, x.to(DType.BOOL).to(DType.FLOAT32).toFloatArray());
        assertSame(x, x.to(DType.FLOAT64));
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                Tensor t = Tensor.of(new double[] {0, 1, 3}).to(from).to(to);
                assertEquals(to, t.dtype());
                double[] expect = from == DType.BOOL || to == DType.BOOL ? new double[] {0, 1, 1} : new double[] {0, 1, 3};
                close(expect, t, 0);
            }
        }
    }

    @Test void nonContiguousInputs() {
        Tensor base = Tensor.arange(0, 12, 1).to(DType.FLOAT32).reshape(3, 4);
        Tensor tr = base.t(); // (4, 3), strides (1, 4)
        assertFalse(tr.isContiguous());
        close(new double[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, tr.add(0.0), 0);
        Tensor stepped = base.slice(1, 0, 4, 2); // columns 0 and 2
        close(new double[] {0, 2, 4, 6, 8, 10}, stepped.mul(1.0), 0);
        close(new double[] {0, 4, 16, 36, 64, 100}, stepped.mul(stepped), 0);
        Tensor expanded = Tensor.of(new float[] {1, 2}, 2, 1).expand(2, 3);
        close(new double[] {1, 1, 1, 2, 2, 2}, expanded.exp().log(), 1e-6);
        close(new double[] {0, 8, 1, 9, 2, 10, 3, 11}, tr.slice(1, 0, 3, 2).contiguous(), 0);
    }

    @Test void shapeErrorsNameTheOp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
        assertEquals("add: shapes [2, 3] and [4] cannot be broadcast together (axis -1: 3 vs 4); sizes must match or "
                + "one of them must be 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).clamp(1, 0));
        assertTrue(e.getMessage().startsWith("clamp:"), e.getMessage());
    }

    @Test void emptyAndScalarTensors() {
        Tensor empty = Tensor.zeros(0, 3);
        shape(empty.add(1.0), 0, 3);
        assertEquals(0, empty.exp().numel());
        assertEquals(0.0, empty.sum().item());
        Tensor s = Tensor.scalar(3);
        assertEquals(9.0, s.mul(s).item());
        shape(s.add(Tensor.zeros(2, 2)), 2, 2);
    }
}
