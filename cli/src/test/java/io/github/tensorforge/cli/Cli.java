package io.github.tensorforge.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures its output. */
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
}
