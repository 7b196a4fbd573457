package io.github.tensorforge.opencl;

import io.github.tensorforge.core.DType;
import io.github.tensorforge.spi.Buffer;
import io.github.tensorforge.spi.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Random;

import static io.github.tensorforge.opencl.ClTestSupport.cl;
import static io.github.tensorforge.opencl.ClTestSupport.random;

/**
 * Prints float32 GEMM throughput (GFLOP/s) at n = 256, 512, 1024 on the configured OpenCL device. A measurement, not
 * a test: it asserts nothing and only runs when asked for:
 * <pre>
 * mvn -pl opencl-backend -am test -Dtest=ClGemmBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtensorforge.opencl.bench=true [-Dtensorforge.opencl.gemm.tile=WGM,WGN,RM,RN,TK]
 * </pre>
 * The proper benchmarks are the JMH suite in the benchmarks module.
 */
@EnabledIfSystemProperty(named = "tensorforge.opencl.bench", matches = "true")
class ClGemmBenchmark {

    @Test void gemmThroughput() {
        ClBackend cl = cl();
        System.out.println("[opencl gemm] device: " + cl.description());
        System.out.println("[opencl gemm] tile: " + cl.gemmTile(DType.FLOAT32));
        Random rnd = new Random(1);
        for (int n : new int[] {256, 512, 1024}) {
            Buffer a = cl.allocate(DType.FLOAT32, n * n), b = cl.allocate(DType.FLOAT32, n * n), c = cl.allocate(DType.FLOAT32, n * n);
            cl.upload(a, random(DType.FLOAT32, n * n, rnd));
            cl.upload(b, random(DType.FLOAT32, n * n, rnd));
            View av = View.contiguous(a, n, n), bv = View.contiguous(b, n, n), cv = View.contiguous(c, n, n);
            cl.matmul(cv, av, bv); // warm-up (and kernel build)
            cl.synchronize();
            int reps = 0;
            long t0 = System.nanoTime(), elapsed;
            do {
                cl.matmul(cv, av, bv);
                cl.synchronize();
                reps++;
                elapsed = System.nanoTime() - t0;
            } while (elapsed < 2_000_000_000L && reps < 200);
            double secs = elapsed / 1e9 / reps;
            System.out.printf("[opencl gemm] n=%d  %.2f ms  %.1f GFLOP/s  (%d reps)%n", n, secs * 1e3, 2.0 * n * n * n / secs / 1e9, reps);
            a.release();
            b.release();
            c.release();
        }
    }
}
