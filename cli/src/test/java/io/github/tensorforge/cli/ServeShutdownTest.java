package io.github.tensorforge.cli;

import io.github.tensorforge.cli.serve.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A graceful stop by SIGTERM is a clean exit (issue 19, section 5: it used to exit 143). */
class ServeShutdownTest {
    @TempDir Path tmp;

    @Test void sigtermStopsGracefullyAndExitsZero() throws Exception {
        Path data = TestData.blobs(tmp.resolve("blobs.csv"), 200, 3, 1), model = tmp.resolve("model");
        Cli.Run trained = Cli.run("train", "--data", data.toString(), "--label", "label", "--ignore", "id", "--model",
                "mlp", "--hidden", "8", "--epochs", "1", "--out", model.toString(), "--quiet");
        assertEquals(0, trained.code(), trained.toString());
        // in the JVM that serves, and through the relaunching JVM of 'java -jar' (no vector module: Main starts a second one)
        for (boolean vectorModule : new boolean[] {true, false}) {
            Process p = new ProcessBuilder(Cli.javaCommand(vectorModule, "serve", "--model", model.toString(),
                    "--port", "0")).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                StringBuilder log = new StringBuilder();
                int port = -1;
                Pattern serving = Pattern.compile("serving .* at http://127\\.0\\.0\\.1:(\\d+)");
                for (String line; port < 0 && (line = out.readLine()) != null; ) {
                    log.append(line).append('\n');
                    Matcher m = serving.matcher(line);
                    if (m.find()) port = Integer.parseInt(m.group(1));
                }
                if (port < 0) fail("the server did not start:\n" + log);
                assertEquals(200, new Http(port).get("/health").status());
                // kill(1), not Process.destroy(): destroy closes the streams this test reads
                assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start().waitFor());
                for (String line; (line = out.readLine()) != null; ) log.append(line).append('\n');
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM:\n" + log);
                assertEquals(0, p.exitValue(), "exit code after a graceful stop (vector module " + vectorModule + "):\n" + log);
                assertTrue(log.toString().contains("stopped"), log.toString());
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
