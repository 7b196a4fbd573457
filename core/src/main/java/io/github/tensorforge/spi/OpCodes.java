package io.github.tensorforge.spi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The integer codes by which kernels written in C (OpenCL C, CUDA C++) name the ops of the three tables, and the
 * {@code #define} lines that declare them to those kernels. Both come from the enums, so a kernel and the Java side
 * cannot disagree: the OpenCL backend prepends {@link #header()} to every program it builds, the CUDA build writes it
 * as {@code op_codes.cuh} before nvcc runs (with {@link #main}), and NVRTC gets it at run time. A kernel names an op
 * as {@code OP_<NAME>} (unary), {@code BOP_<NAME>} (binary) or {@code ROP_<NAME>} (reduction); {@code OP_NONE} is the
 * absent activation.
 *
 * <p>The codes are the constants' ordinals, which is safe only because no code is written out by hand anywhere. Kernels
 * compiled ahead of time (CUDA's bundled fatbin) were compiled against the core they were built with; the CUDA backend
 * compares the header it bundles with this one and recompiles when they differ.
 */
public final class OpCodes {
    private OpCodes() {}

    /** The code that means "no activation" ({@code OP_NONE}). */
    public static final int NONE = -1;

    /**
     * The kernel code of a unary op.
     *
     * @param op the op
     * @return its {@code OP_<NAME>} value
     */
    public static int of(UnaryOp op) { return op.ordinal(); }

    /**
     * The kernel code of an optional activation.
     *
     * @param activationOrNull an activation, or null
     * @return its code, or {@link #NONE} for null
     */
    public static int activation(UnaryOp activationOrNull) {
        return activationOrNull == null ? NONE : of(activationOrNull);
    }

    /**
     * The kernel code of a binary op.
     *
     * @param op the op
     * @return its {@code BOP_<NAME>} value
     */
    public static int of(BinaryOp op) { return op.ordinal(); }

    /**
     * The kernel code of a reduction.
     *
     * @param op the op
     * @return its {@code ROP_<NAME>} value
     */
    public static int of(ReduceOp op) { return op.ordinal(); }

    /**
     * The C preprocessor text declaring every code: one {@code #define} per constant of the three tables, guarded so
     * that it may be included more than once.
     *
     * @return the header's text, the same on every call
     */
    public static String header() { return HEADER; }

    private static final String HEADER = buildHeader();

    private static String buildHeader() {
        StringBuilder s = new StringBuilder();
        s.append("// Generated from io.github.tensorforge.spi.OpCodes: the op codes of UnaryOp, BinaryOp and ReduceOp.\n");
        s.append("#ifndef TF_OP_CODES\n#define TF_OP_CODES\n");
        for (UnaryOp op : UnaryOp.values()) s.append("#define OP_").append(op.name()).append(' ').append(of(op)).append('\n');
        s.append("#define OP_NONE (").append(NONE).append(")\n");
        for (BinaryOp op : BinaryOp.values()) s.append("#define BOP_").append(op.name()).append(' ').append(of(op)).append('\n');
        for (ReduceOp op : ReduceOp.values()) s.append("#define ROP_").append(op.name()).append(' ').append(of(op)).append('\n');
        return s.append("#endif\n").toString();
    }

    /**
     * Writes {@link #header()} to a file, replacing it whole (written beside it, then moved), for builds that compile
     * kernels ahead of time. A file that already holds the header is left untouched, so its time stamp does not make
     * the build recompile the kernels.
     *
     * @param args one argument: the file to write
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: OpCodes <header file to write>");
        Path out = Path.of(args[0]).toAbsolutePath();
        if (Files.isRegularFile(out) && Files.readString(out, StandardCharsets.UTF_8).equals(header())) return;
        Files.createDirectories(out.getParent());
        Path tmp = Files.createTempFile(out.getParent(), out.getFileName().toString(), ".tmp");
        Files.writeString(tmp, header(), StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
