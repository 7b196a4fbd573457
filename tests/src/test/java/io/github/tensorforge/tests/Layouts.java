package io.github.tensorforge.tests;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Backend;

import java.util.ArrayList;
import java.util.List;

/** The shapes and memory layouts every element-wise op is run on. */
final class Layouts {
    private Layouts() {}

    /** Odd sizes 1, 7, 17, 1023; 0-d; empty; size-1 axes; transposed; strided slice; expanded (broadcast) views. */
    static List<In> of(DType dt, String label, In.Gen gen) {
        List<In> out = new ArrayList<>();
        for (int n : new int[] {1, 7, 17, 1023}) out.add(In.gen(dt, label, gen, n));
        out.add(In.gen(dt, label, gen));                                   // 0-d scalar
        out.add(In.gen(dt, label, gen, 0));                                // empty
        out.add(In.gen(dt, label, gen, 2, 0, 3));                          // empty with other axes
        out.add(In.gen(dt, label, gen, 1, 7, 1));                          // size-1 axes
        out.add(In.transposed(In.gen(dt, label, gen, 7, 17)));             // transposed (17, 7)
        out.add(In.gen(dt, label, gen, 3, 40).view(t -> t.slice(1, 1, 40, 3)));       // (3, 13) step 3
        out.add(In.gen(dt, label, gen, 1, 9).view(t -> t.expand(5, 9)));   // broadcast rows
        out.add(In.gen(dt, label, gen, 4, 1, 3).view(t -> t.expand(4, 6, 3).permute(2, 0, 1))); // expanded + permuted
        return out;
    }

    /** float32, plus float64 when the backend runs it. */
    static List<DType> floats(Backend b) {
        return Conformance.supportsFloat64(b) ? List.of(DType.FLOAT32, DType.FLOAT64) : List.of(DType.FLOAT32);
    }

    /** Every dtype the backend runs. */
    static List<DType> all(Backend b) {
        List<DType> out = new ArrayList<>(List.of(DType.BOOL, DType.INT32, DType.INT64, DType.FLOAT32));
        if (Conformance.supportsFloat64(b)) out.add(DType.FLOAT64);
        return out;
    }

    /** Pairs of broadcast-compatible shapes, with views, for binary ops. */
    static List<In[]> binaryPairs(DType dt, String label, In.Gen ga, In.Gen gb) {
        List<In[]> out = new ArrayList<>();
        int[][][] shapes = {
                {{1}, {1}}, {{7}, {7}}, {{1023}, {1023}}, {{}, {17}}, {{17}, {}}, {{}, {}},
                {{17, 1}, {1, 7}}, {{2, 3, 5}, {5}}, {{3, 1, 5}, {4, 1}}, {{0}, {1}}, {{3, 0}, {3, 1}},
        };
        for (int[][] s : shapes) out.add(new In[] {In.gen(dt, label, ga, s[0]), In.gen(dt, label, gb, s[1])});
        // non-contiguous operands
        out.add(new In[] {In.transposed(In.gen(dt, label, ga, 7, 17)), In.gen(dt, label, gb, 7, 17)});
        out.add(new In[] {In.gen(dt, label, ga, 3, 40).view(t -> t.slice(1, 1, 40, 3)),
                In.transposed(In.gen(dt, label, gb, 3, 13))});
        out.add(new In[] {In.gen(dt, label, ga, 1, 9).view(t -> t.expand(5, 9)),
                In.gen(dt, label, gb, 10, 9).view(t -> t.slice(0, 0, 10, 2))});
        return out;
    }
}
