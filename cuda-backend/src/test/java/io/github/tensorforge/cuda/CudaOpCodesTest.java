package io.github.tensorforge.cuda;

import io.github.tensorforge.spi.BinaryOp;
import io.github.tensorforge.spi.OpCodes;
import io.github.tensorforge.spi.ReduceOp;
import io.github.tensorforge.spi.UnaryOp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA kernels cannot run in CI, so their sources are checked against the op table without a GPU: every op has
 * its case in the kernel that computes it, every op code a kernel names exists, and no code is written by hand (they
 * come from {@link OpCodes}). A new op that the CUDA kernels do not know fails here, not on someone's GPU.
 */
class CudaOpCodesTest {
    static final Path SOURCES = Path.of("src", "main", "cuda");

    @Test void everyUnaryOpHasItsCaseInTheElementwiseKernel() throws IOException {
        Set<String> floating = cases("OP_", function("elementwise.cu", "unary_float"));
        Set<String> activations = cases("OP_", function("common.cuh", "tf_activation"));
        Set<String> integers = cases("OP_", function("elementwise.cu", "unary_int"));
        List<String> missing = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            // unary_float hands the activations it does not list to tf_activation
            if (!floating.contains(op.name()) && !(op.isActivation() && activations.contains(op.name()))) {
                missing.add(op + " (unary_float)");
            }
            if (op.acceptsIntegers() && !integers.contains(op.name())) missing.add(op + " (unary_int)");
        }
        assertTrue(missing.isEmpty(), "ops without a CUDA kernel case: " + missing);
    }

    @Test void everyActivationHasItsForwardAndGradientCases() throws IOException {
        Set<String> forward = cases("OP_", function("common.cuh", "tf_activation"));
        Set<String> gradient = cases("OP_", function("common.cuh", "tf_activation_grad"));
        for (UnaryOp op : UnaryOp.values()) {
            if (!op.isActivation()) continue;
            assertTrue(forward.contains(op.name()), op + " has no case in tf_activation (common.cuh)");
            assertTrue(gradient.contains(op.name()), op + " has no case in tf_activation_grad (common.cuh)");
        }
    }

    @Test void everyBinaryAndReduceOpIsComputedByItsKernel() throws IOException {
        Set<String> binary = names("BOP_", read("elementwise.cu")), reduce = names("ROP_", read("reduce.cu"));
        for (BinaryOp op : BinaryOp.values()) assertTrue(binary.contains(op.name()), op + " is not in elementwise.cu");
        for (ReduceOp op : ReduceOp.values()) assertTrue(reduce.contains(op.name()), op + " is not in reduce.cu");
    }

    @Test void kernelsNameOnlyCodesTheGeneratedHeaderDefinesAndDefineNoneThemselves() throws IOException {
        Set<String> defined = names("(?:OP|BOP|ROP)_", OpCodes.header());
        try (var files = Files.list(SOURCES)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                assertTrue(!Pattern.compile("(?m)^#define (OP|BOP|ROP)_").matcher(text).find(),
                        f + " defines an op code by hand; they come from OpCodes (op_codes.cuh)");
                Matcher m = Pattern.compile("\\b((?:OP|BOP|ROP)_[A-Z0-9_]+)").matcher(text);
                while (m.find()) {
                    String name = m.group(1).replaceFirst("^(OP|BOP|ROP)_", "");
                    assertTrue(defined.contains(name), f.getFileName() + " names " + m.group(1)
                            + ", which no op of the table has");
                }
            }
        }
    }

    @Test void theHeaderDefinesEachOpOnceWithItsCode() {
        String h = OpCodes.header();
        for (UnaryOp op : UnaryOp.values()) assertDefine(h, "OP_" + op.name(), OpCodes.of(op));
        for (BinaryOp op : BinaryOp.values()) assertDefine(h, "BOP_" + op.name(), OpCodes.of(op));
        for (ReduceOp op : ReduceOp.values()) assertDefine(h, "ROP_" + op.name(), OpCodes.of(op));
        assertEquals(-1, OpCodes.activation(null));
        assertTrue(h.contains("#define OP_NONE (-1)\n"));
    }

    private static void assertDefine(String header, String name, int code) {
        Matcher m = Pattern.compile("(?m)^#define " + name + " (-?\\d+)$").matcher(header);
        assertTrue(m.find(), name + " missing from the header");
        assertEquals(code, Integer.parseInt(m.group(1)), name);
        assertTrue(!m.find(), name + " defined twice");
    }

    private static String read(String file) throws IOException {
        return Files.readString(SOURCES.resolve(file), StandardCharsets.UTF_8);
    }

    /** The body of the (template) function {@code name} in a source file, up to its closing brace at column 0. */
    private static String function(String file, String name) throws IOException {
        String text = read(file);
        Matcher m = Pattern.compile("\\b" + name + "\\s*\\([^)]*\\)\\s*\\{").matcher(text);
        assertTrue(m.find(), "no function " + name + " in " + file);
        int end = text.indexOf("\n}", m.end());
        return text.substring(m.end(), end < 0 ? text.length() : end);
    }

    private static Set<String> cases(String prefix, String body) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("case " + prefix + "([A-Z0-9_]+)\\s*:").matcher(body);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static Set<String> names(String prefix, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\b" + prefix + "([A-Z0-9_]+)").matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
