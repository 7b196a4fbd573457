package io.github.tensorforge.nn;

import io.github.tensorforge.core.Backends;
import io.github.tensorforge.nn.data.CsvReader;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.io.Safetensors;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.optim.Adam;
import io.github.tensorforge.nn.train.TrainingDivergedException;
import io.github.tensorforge.nn.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Data and training settings a hostile (or unlucky) user gives (issue 19, section 3). */
class HostileDataTest {
    @TempDir Path dir;

    private static CsvReader.Table csv(String text) throws IOException {
        return CsvReader.read(new StringReader(text), true, ',', "t.csv");
    }

    @Test void duplicateHeaderNamesAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> csv("a,b,a\n1,2,3\n"));
        assertEquals("CSV t.csv: the header names column 'a' twice; column names must be distinct", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> csv("x, x\n1,2\n"), "names are trimmed before comparing");
    }

    @Test void aByteOrderMarkIsNotPartOfTheFirstColumnName() throws IOException {
        assertEquals(List.of("label", "text"), csv("\uFEFFlabel,text\n1,hi\n").columns());
        assertEquals(List.of("0", "1"), CsvReader.read(new StringReader("\uFEFF1,2\n"), false, ',', "t").columns());
        assertEquals("1", CsvReader.read(new StringReader("\uFEFF1,2\n"), false, ',', "t").rows().get(0)[0]);
    }

    @Test void onlyPlainDecimalAndScientificNumbersParse() {
        for (String ok : new String[] {"3", "-0.5", "+2.", ".25", "1e-3", "6.02E+23", " 7 "}) {
            assertEquals(Double.parseDouble(ok.trim()), CsvReader.number(ok), ok);
        }
        for (String bad : new String[] {"7d", "3f", "0x1p3", "NaN", "Infinity", "-inf", "1e", ".", "", "1.2.3", "1 2", "e5"}) {
            assertThrows(NumberFormatException.class, () -> CsvReader.number(bad), "'" + bad + "'");
        }
    }

    @Test void inputBeyondTheLimitsStopsEarlyWithAClearError() {
        var rows = assertThrows(IllegalArgumentException.class, () -> CsvReader.read(
                new StringReader("a,b\n1,2\n3,4\n5,6\n"), true, ',', "bomb.csv", new CsvReader.Limits(1000, 3)));
        assertEquals("CSV bomb.csv: more than 3 records; split the file or read a sample of it", rows.getMessage());
        var chars = assertThrows(IllegalArgumentException.class, () -> CsvReader.read(
                new StringReader("a\n" + "x".repeat(100)), true, ',', "bomb.csv", new CsvReader.Limits(50, 10)));
        assertTrue(chars.getMessage().startsWith("CSV bomb.csv: more than 50 characters"), chars.getMessage());
    }

    @Test void divergedTrainingStopsAndNoCheckpointHoldsANonFiniteValue() throws IOException {
        Dataset train = TrainerTest.blobs(60, 1), eval = TrainerTest.blobs(15, 2);
        Module m = TrainerTest.mlp(3);
        try (Adam opt = new Adam(m.namedParameters(), 1e308, 0.9, 0.999, 1e-8, 0, false)) {
            Path ckpt = dir.resolve("ckpt");
            Trainer t = new Trainer(m, new CrossEntropyLoss(), opt, null, Trainer.Config.builder().epochs(3)
                    .batchSize(10).seed(1).checkpointDir(ckpt).checkpointEvery(1).evalEvery(2).build());
            var e = assertThrows(TrainingDivergedException.class, () -> t.fit(train, eval));
            assertTrue(e.getMessage().startsWith("training diverged: "), e.getMessage());
            assertTrue(e.getMessage().contains("lower the learning rate (it is 1"), e.getMessage());
            assertTrue(e.step() <= 2, "stops at once: " + e.getMessage());
            for (String name : new String[] {Trainer.LAST, Trainer.BEST}) {
                Path f = ckpt.resolve(name);
                if (!Files.exists(f)) continue;
                for (var p : Safetensors.load(f, Backends.current(), "model.").entrySet()) {
                    for (float v : p.getValue().toFloatArray()) assertTrue(Float.isFinite(v), name + " " + p.getKey());
                }
            }
        } finally {
            m.close();
        }
    }

    @Test void aNonFiniteEvalMetricIsNeverTheBest() {
        Dataset train = TrainerTest.blobs(60, 1);
        float[] x = new float[15 * 4];
        java.util.Arrays.fill(x, Float.NaN); // the eval loss is NaN
        Dataset eval = Dataset.classification(x, new int[] {4}, new int[15], 3, List.of("a", "b", "c"));
        Module m = TrainerTest.mlp(3);
        try (Adam opt = new Adam(m.namedParameters(), 0.01, 0.9, 0.999, 1e-8, 0, false)) {
            Path ckpt = dir.resolve("ckpt");
            Trainer t = new Trainer(m, new CrossEntropyLoss(), opt, null,
                    Trainer.Config.builder().epochs(2).batchSize(10).seed(1).checkpointDir(ckpt).build());
            Trainer.Result r = t.fit(train, eval);
            assertFalse(Double.isFinite(r.lastEval().get("loss")), "the eval loss is " + r.lastEval());
            assertTrue(Double.isNaN(r.bestMetric()));
            assertFalse(Files.exists(ckpt.resolve(Trainer.BEST)));
        } finally {
            m.close();
        }
    }
}
