package io.github.tensorforge.cli;

import io.github.tensorforge.core.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Help, exit codes and error messages of the command line: usage errors exit 2, user errors 1, no stack traces. */
class CommandLineTest {
    @TempDir Path tmp;

    @Test void helpOnEveryCommand() {
        for (String cmd : new String[] {"train", "evaluate", "predict", "embed", "serve", "demo", "backends", "bench", "info"}) {
            Cli.Run r = Cli.run(cmd, "--help");
            assertEquals(0, r.code(), cmd + ": " + r);
            assertTrue(r.out().contains("Usage: tensorforge " + cmd), cmd + ": " + r);
        }
        Cli.Run top = Cli.run("--help");
        assertEquals(0, top.code(), top.toString());
        for (String cmd : new String[] {"train", "evaluate", "predict", "embed", "serve", "demo", "backends", "bench", "info"}) {
            assertTrue(top.out().contains(cmd), "top-level help lists " + cmd + ": " + top);
        }
        assertTrue(Cli.run("--version").out().contains("tensorforge"));
    }

    @Test void usageErrorsExitWithTwo() {
        Cli.Run none = Cli.run();
        assertEquals(2, none.code(), none.toString());
        assertTrue(none.err().contains("a command is required"), none.toString());
        Cli.Run unknown = Cli.run("info", "--no-such-option");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("--no-such-option"), unknown.toString());
        Cli.Run missing = Cli.run("train", "--data", "x.csv");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("Missing required option"), missing.toString());
        assertTrue(missing.err().contains("--model"), missing.toString());
        Cli.Run badEnum = Cli.run("train", "--data", "x.csv", "--model", "resnet", "--out", "o");
        assertEquals(2, badEnum.code(), badEnum.toString());
        assertTrue(badEnum.err().contains("resnet"), badEnum.toString());
        Cli.Run badNumber = Cli.run("serve", "--model", "m", "--port", "eighty");
        assertEquals(2, badNumber.code(), badNumber.toString());
        // one error line and a hint, not the whole usage (issue 24)
        for (Cli.Run r : new Cli.Run[] {unknown, missing, badEnum, badNumber}) {
            assertTrue(r.err().startsWith("error: "), r.toString());
            assertTrue(r.err().lines().count() <= 4, "a short answer, not the usage: " + r);
            assertTrue(!r.err().contains("Usage:"), r.toString());
        }
        assertTrue(badEnum.err().contains("expected one of [MLP, CNN, BOW, TRANSFORMER, LSTM, BERT]"), badEnum.toString());
        assertTrue(badEnum.err().contains("Run 'tensorforge train --help' for the options."), badEnum.toString());
        Cli.Run misspelt = Cli.run("train", "--data", "x.csv", "--lable", "y", "--model", "mlp", "--out", "o");
        assertEquals(2, misspelt.code(), misspelt.toString());
        assertTrue(misspelt.err().contains("Possible solutions: ") && misspelt.err().contains("--label"), misspelt.toString());
    }

    @Test void badFilesExitWithOneAndNoStackTrace() throws Exception {
        Cli.Run missing = Cli.run("train", "--data", tmp.resolve("nope.csv").toString(), "--label", "y", "--model", "mlp",
                "--out", tmp.resolve("m").toString());
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.err().contains("data file not found"), missing.toString());
        assertNoStackTrace(missing);

        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "a,b,label\n1,2,x\n3,oops,y\n");
        Cli.Run notNumber = Cli.run("train", "--data", csv.toString(), "--label", "label", "--model", "mlp", "--out",
                tmp.resolve("m").toString());
        assertEquals(1, notNumber.code(), notNumber.toString());
        assertTrue(notNumber.err().contains("'oops' is not a finite number"), notNumber.toString());
        assertTrue(notNumber.err().contains("row 2"), notNumber.toString());
        assertNoStackTrace(notNumber);

        Cli.Run noColumn = Cli.run("train", "--data", csv.toString(), "--label", "target", "--model", "mlp", "--out",
                tmp.resolve("m").toString());
        assertEquals(1, noColumn.code(), noColumn.toString());
        assertTrue(noColumn.err().contains("no label column 'target'"), noColumn.toString());

        Path ragged = tmp.resolve("ragged.csv");
        Files.writeString(ragged, "a,b,label\n1,2,x\n3,y\n");
        Cli.Run r = Cli.run("train", "--data", ragged.toString(), "--label", "label", "--model", "mlp", "--out",
                tmp.resolve("m").toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("fields"), r.toString());

        Cli.Run textWithMlp = Cli.run("train", "--data", csv.toString(), "--label", "label", "--text", "a", "--model", "mlp",
                "--out", tmp.resolve("m").toString());
        assertEquals(1, textWithMlp.code(), textWithMlp.toString());
        assertTrue(textWithMlp.err().contains("--model bow, transformer, lstm or bert"), textWithMlp.toString());

        Cli.Run bucketWithBow = Cli.run("train", "--data", csv.toString(), "--label", "label", "--text", "a", "--model", "bow",
                "--bucket", "--out", tmp.resolve("m").toString());
        assertEquals(1, bucketWithBow.code(), bucketWithBow.toString());
        assertTrue(bucketWithBow.err().contains("are options of --model bert"), bucketWithBow.toString());
        Cli.Run accumulateTooMuch = Cli.run("train", "--data", csv.toString(), "--label", "label", "--model", "mlp",
                "--batch-size", "4", "--grad-accum", "8", "--out", tmp.resolve("m").toString());
        assertEquals(1, accumulateTooMuch.code(), accumulateTooMuch.toString());
        assertTrue(accumulateTooMuch.err().contains("--grad-accum must be between 1 and --batch-size (4), got 8"),
                accumulateTooMuch.toString());

        Cli.Run noModel = Cli.run("evaluate", "--model", tmp.resolve("none").toString(), "--data", csv.toString());
        assertEquals(1, noModel.code(), noModel.toString());
        assertTrue(noModel.err().contains("model directory not found"), noModel.toString());

        Path empty = Files.createDirectories(tmp.resolve("empty-model"));
        Cli.Run incomplete = Cli.run("predict", "--model", empty.toString(), "--data", csv.toString());
        assertEquals(1, incomplete.code(), incomplete.toString());
        assertTrue(incomplete.err().contains("config.json"), incomplete.toString());
        assertNoStackTrace(incomplete);

        Cli.Run badValue = Cli.run("train", "--data", csv.toString(), "--label", "label", "--model", "mlp", "--out",
                tmp.resolve("m").toString(), "--epochs", "0");
        assertEquals(1, badValue.code(), badValue.toString());
        assertTrue(badValue.err().contains("--epochs must be positive"), badValue.toString());
    }

    @Test void verboseShowsTheStackTrace() {
        Cli.Run r = Cli.run("--verbose", "evaluate", "--model", tmp.resolve("none").toString(), "--data", "x.csv");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("at io.github.tensorforge"), r.toString());
    }

    @Test void unknownBackendIsAClearError() {
        String before = Backends.defaultBackend().name();
        try {
            Cli.Run r = Cli.run("info", "--backend", "tpu");
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.out().contains("backend 'tpu' is unknown"), r.toString());
            Cli.Run t = Cli.run("train", "--backend", "tpu", "--data", "x.csv", "--label", "l", "--model", "mlp", "--out", "o");
            assertEquals(1, t.code(), t.toString());
            assertTrue(t.err().contains("backend 'tpu' is unknown") && t.err().contains("Providers:"), t.toString());
            assertNoStackTrace(t);
        } finally {
            Backends.setDefault(before);
        }
    }

    @Test void backendsListsEveryProviderAndInfoDescribesTheMachine() {
        Cli.Run b = Cli.run("backends");
        assertEquals(0, b.code(), b.toString());
        for (String name : new String[] {"cpu", "reference", "cuda", "opencl"}) {
            assertTrue(b.out().contains(name), "backends lists " + name + ": " + b);
        }
        assertTrue(b.out().contains("default: cpu"), "with the Vector API module loaded cpu is the default: " + b);
        Cli.Run i = Cli.run("info");
        assertEquals(0, i.code(), i.toString());
        assertTrue(i.out().contains("java:") && i.out().contains("cores") && i.out().contains("backend:  cpu"), i.toString());
    }

    @Test void benchSaysHowToBuildTheJarWhenMissing() {
        Cli.Run r = Cli.run("bench", "--jar", tmp.resolve("benchmarks.jar").toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("benchmarks jar not found"), r.toString());
    }

    static void assertNoStackTrace(Cli.Run r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in thread"), "no stack trace: " + r);
    }
}
