package io.github.tensorforge.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process and captures its output, or builds the command that runs it in another JVM. */
final class Cli {
    /** Exit code and captured streams. */
    record Run(int code, String out, String err) {
        @Override public String toString() { return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err; }
    }

    private Cli() {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The command that runs {@code tensorforge args...} in another JVM (this java, this class path). */
    static List<String> javaCommand(String... args) { return javaCommand(true, args); }

    /**
     * @param vectorModule whether the JVM gets {@code --add-modules=jdk.incubator.vector}; without it, {@link Main}
     *                     starts a second JVM with it, as {@code java -jar tensorforge.jar} does
     */
    static List<String> javaCommand(boolean vectorModule, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (vectorModule) cmd.add("--add-modules=jdk.incubator.vector");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
