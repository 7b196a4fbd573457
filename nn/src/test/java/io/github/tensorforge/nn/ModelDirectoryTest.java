package io.github.tensorforge.nn;

import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.io.AtomicFiles;
import io.github.tensorforge.nn.io.ModelFiles;
import io.github.tensorforge.nn.layers.Activation;
import io.github.tensorforge.nn.models.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Model directories on disk (issue 19, section 4): published whole, never mixed, files identical run to run. */
class ModelDirectoryTest {
    @TempDir Path tmp;

    static Module model(int hidden, long seed) {
        return Mlp.of(4, new int[] {hidden}, 3, Activation.Kind.RELU, 0, new Rng(seed));
    }

    /** Saves two different models into one directory, in turns, until killed. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Module[] models = {model(8, 1), model(16, 2)};
        if (args.length > 1 && args[1].equals("once")) {
            ModelFiles.save(dir, models[0], null, null, List.of("a", "b", "c"), null);
            return;
        }
        for (long i = 0; ; i++) {
            ModelFiles.save(dir, models[(int) (i % 2)], null, null, List.of("a", "b", "c"), null);
            System.out.println("saved " + i);
            System.out.flush();
        }
    }

    @Test void aKillDuringASaveLeavesTheOldModelOrTheNewOneNeverAMix() throws Exception {
        Path dir = tmp.resolve("model");
        SplittableRandom r = new SplittableRandom(5);
        for (int round = 0; round < 4; round++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ModelDirectoryTest.class.getName(), dir.toString())
                    .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                int saves = 0;
                while ((line = out.readLine()) != null && saves < 3) if (line.startsWith("saved")) saves++;
                assertEquals(3, saves, "the saving child runs");
                Thread.sleep(r.nextInt(40));
            } finally {
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
            if (!Files.exists(dir)) {
                // Killed between the two renames: the new model is complete beside the old one.
                List<Path> left = AtomicFiles.leftovers(dir);
                var e = assertThrows(IOException.class, () -> ModelFiles.load(dir));
                assertTrue(e.getMessage().contains("rename it to model"), e.getMessage());
                Path saving = left.stream().filter(x -> x.getFileName().toString().contains(".saving-")).findFirst().orElseThrow();
                Files.move(saving, dir);
            }
            try (ModelFiles.Loaded m = ModelFiles.load(dir)) {
                int hidden = m.config().path("model").path("layers").get(0).path("out").asInt(-1);
                assertTrue(m.model().parameterCount() == 4 * 8 + 8 + 8 * 3 + 3
                        || m.model().parameterCount() == 4 * 16 + 16 + 16 * 3 + 3, "one of the two models: " + hidden);
            }
        }
        // The next save cleans up what interrupted ones left.
        try (Module m = model(8, 1)) {
            ModelFiles.save(dir, m, null, null, null, null);
        }
        assertEquals(List.of(), AtomicFiles.leftovers(dir));
        try (var entries = Files.list(dir)) {
            assertEquals(Set.of(ModelFiles.WEIGHTS, ModelFiles.CONFIG),
                    Set.copyOf(entries.map(x -> x.getFileName().toString()).toList()), "no stray temporary files");
        }
    }

    @Test void aFailedSaveKeepsTheOldModelAndLeavesNothingBehind() throws IOException {
        Path dir = tmp.resolve("model");
        try (Module m = model(8, 1)) {
            ModelFiles.save(dir, m, null, null, null, null);
        }
        byte[] before = Files.readAllBytes(dir.resolve(ModelFiles.WEIGHTS));
        assertThrows(IllegalStateException.class, () -> AtomicFiles.publishDirectory(dir, ModelFiles.FILES, staging -> {
            Files.writeString(staging.resolve(ModelFiles.WEIGHTS), "half");
            throw new IllegalStateException("killed");
        }));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve(ModelFiles.WEIGHTS)));
        assertEquals(List.of(), AtomicFiles.leftovers(dir));
    }

    @Test void aDirectoryWithOtherFilesIsNeverReplaced() throws IOException {
        Path dir = tmp.resolve("home");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        try (Module m = model(8, 1)) {
            var e = assertThrows(IOException.class, () -> ModelFiles.save(dir, m, null, null, null, null));
            assertTrue(e.getMessage().contains("holds notes.txt"), e.getMessage());
        }
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    }

    @Test void theSameModelSavedInAnotherJvmGivesTheSameBytes() throws Exception {
        // Map.of's iteration order is drawn per JVM, so one JVM cannot show the difference; with two metadata keys in
        // Map.of, five JVMs agree by chance 1 time in 16.
        final int RUNS = 5;
        List<byte[]> weights = new java.util.ArrayList<>(), configs = new java.util.ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            Path dir = tmp.resolve("run" + run);
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ModelDirectoryTest.class.getName(), dir.toString(), "once")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            weights.add(Files.readAllBytes(dir.resolve(ModelFiles.WEIGHTS)));
            configs.add(Files.readAllBytes(dir.resolve(ModelFiles.CONFIG)));
        }
        for (int run = 1; run < RUNS; run++) {
            assertArrayEquals(weights.get(0), weights.get(run), "model.safetensors of run " + run);
            assertArrayEquals(configs.get(0), configs.get(run), "config.json of run " + run);
        }
    }
}
