package io.github.tensorforge.bench;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.core.Tensor;
import io.github.tensorforge.core.TensorScope;
import io.github.tensorforge.spi.Backend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Embedding lookup and its gradient: a float32 {@code vocab x dim} table, {@code tokens} INT64 ids (batch 32 x seq 128
 * = 4096 by default). {@code lookup} is {@code table.indexSelect(0, ids)}; {@code scatterAdd} is
 * {@code grad.scatterAdd(0, ids, rows)}, which returns a new table (core copies the destination first, as the API
 * never modifies its inputs). Score: ops per second; the report computes GB/s from the rows moved (lookup: read and
 * write tokens x dim floats; scatterAdd: that plus copying the table).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 2, jvmArgsAppend = {BenchSupport.VECTOR_MODULE})
public class IndexingBench {

    @State(Scope.Thread)
    public static class Data {
        @Param({"cpu", "reference", "opencl", "cuda"}) public String backend;
        @Param({"30000"}) public int vocab;
        @Param({"256"}) public int dim;
        @Param({"4096"}) public int tokens;

        Backend device;
        Tensor table, ids, rows, gradTable;

        @Setup(Level.Trial)
        public void setUp() {
            device = BenchSupport.backend(backend);
            table = BenchSupport.randn(device, 1, vocab, dim);
            ids = Tensor.on(device).randint(new Rng(2), 0, vocab, tokens);
            rows = BenchSupport.randn(device, 3, tokens, dim);
            gradTable = Tensor.on(device).zeros(vocab, dim);
        }

        @TearDown(Level.Trial)
        public void close() { BenchSupport.closeAll(table, ids, rows, gradTable); }
    }

    @Benchmark
    public int lookup(Data d) {
        try (TensorScope scope = TensorScope.open()) { // also releases the flattened index view core makes
            Tensor r = d.table.indexSelect(0, d.ids);
            d.device.synchronize();
            return r.numel();
        }
    }

    @Benchmark
    public int scatterAdd(Data d) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor r = d.gradTable.scatterAdd(0, d.ids, d.rows);
            d.device.synchronize();
            return r.numel();
        }
    }
}
