package io.github.tensorforge.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Started without the Vector API module (java -jar, the launcher script), the command restarts itself quietly. */
class RelaunchTest {
    private static String copied(String stderr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main.copyWithoutIncubatorNotice(new ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test void theIncubatorNoticeAloneIsDropped() {
        String notice = Main.INCUBATOR_NOTICE + "\n";
        assertEquals("error: x\n", copied(notice + "error: x\n"));
        assertEquals("\r[==>   ] 1/9\r[====> ] 2/9", copied(notice + "\r[==>   ] 1/9\r[====> ] 2/9"), "redraws pass as they are");
        assertEquals("error: first\n" + notice, copied("error: first\n" + notice), "only as the first line");
        assertEquals("short", copied("short"));
        assertEquals("", copied(""));
    }

    @Test void aRelaunchedCommandPrintsNoJvmNoticeAndKeepsItsExitCode() throws Exception {
        Process p = new ProcessBuilder(Cli.javaCommand(false, "train", "--data", "x.csv", "--label", "y", "--model",
                "mlpp", "--out", "o")).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out + err);
        assertFalse(err.contains("WARNING: Using incubator modules"), err);
        assertTrue(err.startsWith("error: Invalid value for option '--model'"), err);
    }
}
