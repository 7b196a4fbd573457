package io.github.tensorforge.core;

import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** Compiles and runs the README's quickstart exactly as written, so the front door stays true. */
class QuickstartTest {
    @Test void readmeQuickstartRunsAsWritten() throws Exception {
        Path readme = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "README.md");
        if (!Files.exists(readme)) readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        Matcher m = Pattern.compile("<!-- quickstart:begin -->\\s*```java\\n(.*?)```\\s*<!-- quickstart:end -->",
                Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "README has a quickstart block between the quickstart markers");

        Path dir = Files.createTempDirectory("quickstart");
        Files.writeString(dir.resolve("Quickstart.java"), m.group(1));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", dir.toString(), "-cp", System.getProperty("java.class.path"),
                dir.resolve("Quickstart.java").toString());
        assertEquals(0, rc, "quickstart compiles: " + errors);

        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("Quickstart").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        Matcher fit = Pattern.compile("w = (-?[0-9.]+), b = (-?[0-9.]+)").matcher(printed);
        assertTrue(fit.find(), printed);
        assertEquals(3.0, Double.parseDouble(fit.group(1)), 0.05, printed);
        assertEquals(-2.0, Double.parseDouble(fit.group(2)), 0.05, printed);
    }
}
