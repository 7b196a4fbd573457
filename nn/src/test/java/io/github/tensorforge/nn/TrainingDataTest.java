package io.github.tensorforge.nn;

import io.github.tensorforge.nn.data.CsvReader;
import io.github.tensorforge.nn.data.DataFiles;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.data.Encoding;
import io.github.tensorforge.nn.data.InputSpec;
import io.github.tensorforge.nn.data.RawData;
import io.github.tensorforge.nn.data.TrainingData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data pipeline every front end shares: reading files into {@link RawData}, then {@link TrainingData}. */
class TrainingDataTest {
    @TempDir Path dir;

    private static final TrainingData.Options SPLIT = new TrainingData.Options(0.2, 0.1, 7, true, 1, 1000, null);

    @Test void gzippedCsvReadsLikeThePlainFile() throws IOException {
        String csv = "id,x,y,label\n1,0.5,2,a\n2,1.5,-1,b\n3,2.5,0,a\n";
        Path plain = dir.resolve("d.csv"), gz = dir.resolve("d.csv.gz");
        Files.writeString(plain, csv);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(csv.getBytes(StandardCharsets.UTF_8));
        }
        RawData a = DataFiles.csvForTraining(DataFiles.readCsv(plain), "d.csv", "label", null, List.of("id"));
        RawData b = DataFiles.csvForTraining(DataFiles.readCsv(gz), "d.csv.gz", "label", null, List.of("id"));
        assertEquals(List.of("x", "y"), a.featureNames());
        assertArrayEquals(new float[] {0.5f, 2, 1.5f, -1, 2.5f, 0}, a.features());
        assertArrayEquals(a.features(), b.features());
        assertArrayEquals(a.labels(), b.labels());
    }

    @Test void badCellsAndColumnsNameTheFileRowAndColumn() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "x,label\n1,a\nNaN,b\n");
        CsvReader.Table t = DataFiles.readCsv(f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataFiles.csvForTraining(t, "bad.csv", "label", null, List.of()));
        assertTrue(e.getMessage().contains("bad.csv: row 2, column 'x': 'NaN' is not a finite number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DataFiles.csvForTraining(t, "bad.csv", "target", null, List.of()));
        assertTrue(e.getMessage().contains("no label column 'target'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DataFiles.readCsv(dir));
        assertTrue(e.getMessage().contains("data file is not a regular file: " + dir), e.getMessage());
    }

    @Test void numericClassNamesSortAsNumbers() {
        assertEquals(List.of("2", "10", "11"), Encoding.classesOf(new String[] {"10", "2", "11", "2"}));
        assertEquals(List.of("neg", "neu", "pos"), Encoding.classesOf(new String[] {"pos", "neg", "neu"}));
    }

    @Test void preprocessingIsFittedOnTheTrainingRowsOnly() {
        int n = 200;
        float[] x = new float[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            labels[i] = i % 2 == 0 ? "even" : "odd";
        }
        RawData raw = new RawData(n, x, 1, List.of("x"), null, null, labels);
        InputSpec spec = new InputSpec(InputSpec.Kind.FEATURES, false, List.of("even", "odd"), List.of("x"), 1, null,
                null, "label", 0, 0, 1);
        TrainingData d = TrainingData.prepare(raw, spec, "rows", null, null, SPLIT);
        assertEquals(n, d.train().size() + d.eval().size() + d.test().size());
        assertEquals(d.test().size(), d.testRows().length);
        // The standardizer's mean is the training rows' mean, so the standardized training feature has mean 0 ...
        double trainMean = 0;
        for (float v : d.train().features()) trainMean += v;
        assertEquals(0, trainMean / d.train().size(), 1e-5);
        // ... and the test rows are the raw rows at testRows, scaled with the same (training) statistics.
        float mean = d.standardizer().mean()[0], std = d.standardizer().std()[0];
        for (int i = 0; i < d.testRows().length; i++) {
            assertEquals((d.testRows()[i] - mean) / std, d.test().features()[i], 1e-5);
            assertEquals(d.testRows()[i] % 2, d.test().label(i));
        }
        // The same seed gives the same split.
        assertArrayEquals(d.testRows(), TrainingData.prepare(raw, spec, "rows", null, null, SPLIT).testRows());
    }

    @Test void vocabularyAndTargetScaleComeFromTrainingRows() {
        int n = 100;
        List<String> texts = new java.util.ArrayList<>();
        String[] labels = new String[n], targets = new String[n];
        for (int i = 0; i < n; i++) {
            texts.add("common word" + i);
            labels[i] = i % 2 == 0 ? "pos" : "neg";
            targets[i] = Integer.toString(i);
        }
        InputSpec text = new InputSpec(InputSpec.Kind.TEXT, false, List.of("neg", "pos"), List.of(), 0, null, "text",
                "label", 4, 0, 1);
        TrainingData d = TrainingData.prepare(new RawData(n, null, 0, List.of(), null, texts, labels), text, "texts",
                null, null, SPLIT);
        Set<String> vocab = new HashSet<>(d.tokenizer().vocabulary());
        for (int r : d.testRows()) assertTrue(!vocab.contains("word" + r), "test row " + r + "'s word leaked into the vocabulary");
        assertTrue(vocab.contains("common"));
        assertNull(d.standardizer());

        float[] x = new float[n];
        InputSpec reg = new InputSpec(InputSpec.Kind.FEATURES, true, List.of(), List.of("x"), 1, null, null, "y", 0, 0, 1);
        TrainingData r = TrainingData.prepare(new RawData(n, x, 1, List.of("x"), null, null, targets), reg, "targets",
                null, new TrainingData.Sourced(new RawData(3, new float[3], 1, List.of("x"), null, null,
                        new String[] {"0", "1", "2"}), "test.csv"), SPLIT);
        double sum = 0;
        Dataset train = r.train();
        for (int i = 0; i < train.size(); i++) sum += train.targets()[i];
        assertEquals(0, sum / train.size(), 1e-5, "training targets are standardized with their own mean");
        assertEquals(3, r.test().size());
        assertEquals(0, r.testRows().length, "a separate test file has no rows in the input");
        assertEquals((0 - r.spec().targetMean()) / r.spec().targetStd(), r.test().targets()[0], 1e-5);
    }
}
