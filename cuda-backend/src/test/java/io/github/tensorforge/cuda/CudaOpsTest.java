package io.github.tensorforge.cuda;

import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.UnaryOp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The op codes {@link CudaOps} passes equal the {@code #define}s the kernels switch on, for every op of every family
 * and with no code left over. Reads the kernel sources, so it runs without a GPU.
 */
class CudaOpsTest {
    static final Path SOURCES = Path.of("src", "main", "cuda");

    @Test void unaryCodesMatchTheKernelDefines() throws IOException {
        assertTable("OP_", "common.cuh", UnaryOp.values(), CudaOps::unaryCode);
    }

    @Test void binaryCodesMatchTheKernelDefines() throws IOException {
        assertTable("BOP_", "elementwise.cu", BinaryOp.values(), CudaOps::binaryCode);
    }

    @Test void reduceCodesMatchTheKernelDefines() throws IOException {
        assertTable("ROP_", "reduce.cu", ReduceOp.values(), CudaOps::reduceCode);
    }

    @Test void noActivationIsMinusOneAsInTheKernels() throws IOException {
        assertEquals(-1, CudaOps.activationCode(null));
        assertEquals(Integer.valueOf(-1), defines("OP_", "common.cuh").get("NONE"));
    }

    private static <E extends Enum<E>> void assertTable(String prefix, String file, E[] ops, ToIntFunction<E> code)
            throws IOException {
        Map<String, Integer> expected = new TreeMap<>(), kernel = defines(prefix, file);
        for (E op : ops) expected.put(op.name(), code.applyAsInt(op));
        kernel.remove("NONE");
        assertEquals(expected, kernel, "CudaOps' " + prefix + "* codes and the #defines in " + file + " differ");
    }

    /** The {@code #define <prefix><NAME> <int>} lines of a kernel source, by NAME. */
    static Map<String, Integer> defines(String prefix, String file) throws IOException {
        String text = Files.readString(SOURCES.resolve(file), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^#define " + prefix + "([A-Z0-9_]+) \\(?(-?\\d+)\\)?").matcher(text);
        Map<String, Integer> out = new TreeMap<>();
        while (m.find()) out.put(m.group(1), Integer.parseInt(m.group(2)));
        return out;
    }
}
