package io.github.tensorforge.cli;

import io.github.tensorforge.cli.model.LoadedModel;
import io.github.tensorforge.cli.model.Prediction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The README's main job: trains an MLP on the 8x8 handwritten digits that ship with the project, on the default
 * backend, with early stopping; prints the test metrics; saves the model; loads it back and predicts held-out samples.
 * Runs offline: the data file is found in the repository or, failing that, inside the jar.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train an MLP on the bundled 8x8 handwritten digits (data/digits-8x8/digits.csv.gz, UCI, CC BY "
                + "4.0) with early stopping, print the test metrics, save the model, then load it back and predict a few "
                + "held-out samples. Needs no network; takes well under a minute on the cpu backend.",
                "It is the same as:",
                "  tensorforge train --data data/digits-8x8/digits.csv.gz --label label --model mlp --out DIR --epochs 60 --patience 5 --plot",
                "  tensorforge predict --model DIR --data data/digits-8x8/digits.csv.gz --limit 8"})
final class DemoCommand extends BaseCommand {
    static final String RESOURCE = "/demo/digits-8x8/digits.csv.gz";

    @Option(names = "--out", defaultValue = "models/digits-mlp", paramLabel = "DIR",
            description = "Where to save the model (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--data", paramLabel = "FILE", description = "The digits CSV (default: data/digits-8x8/digits.csv.gz, "
            + "else the copy inside the jar).")
    Path data;

    @Option(names = "--epochs", defaultValue = "60", paramLabel = "N", description = "Most epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--samples", defaultValue = "8", paramLabel = "N", description = "Held-out samples to predict (default ${DEFAULT-VALUE}).")
    int samples;

    @Override protected int execute() throws IOException {
        Path file = locate();
        var o = out();
        o.println("== TensorForge demo: an MLP on the 8x8 handwritten digits (1,797 images, UCI, CC BY 4.0) ==");
        boolean bundled = file.getFileName().toString().startsWith("tensorforge-digits");
        String shown = bundled ? "data/digits-8x8/digits.csv.gz" : file.toString();
        o.println("data: " + (bundled ? "the copy of " + shown + " bundled in the jar" : shown));
        CommandLine train = new CommandLine(new TrainCommand());
        train.setOut(o);
        train.setErr(err());
        train.setCaseInsensitiveEnumValuesAllowed(true);
        train.parseArgs("--data", file.toString(), "--label", "label", "--model", "mlp", "--out", out.toString(),
                "--epochs", Integer.toString(epochs), "--patience", "5", "--batch-size", "32", "--lr", "0.001",
                "--plot", "--seed", "42");
        TrainCommand.Outcome outcome = ((TrainCommand) train.getCommand()).run();

        o.println();
        o.println("== loading " + out + " back and predicting " + samples + " held-out test samples ==");
        int[] rows = outcome.testRows();
        try (LoadedModel m = LoadedModel.load(out)) {
            int n = Math.min(samples, rows.length);
            List<Object> enc = new ArrayList<>();
            int d = outcome.raw().featureCount();
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                enc.add(m.encodeFeatures(Arrays.copyOfRange(outcome.raw().features(), r * d, (r + 1) * d)));
            }
            List<Prediction> preds = m.predict(enc);
            int correct = 0;
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                Prediction p = preds.get(i);
                String truth = outcome.raw().labels()[r];
                boolean ok = p.label().equals(truth);
                if (ok) correct++;
                o.printf(Locale.ROOT, "  row %4d: predicted %s (p=%.3f), true %s %s%n", r + 1, p.label(),
                        p.probabilities().get(p.label()), truth, ok ? "" : "  <- wrong");
                if (i < 2) o.print(ascii(outcome.raw().features(), r, d));
            }
            o.printf(Locale.ROOT, "%d of %d correct%n", correct, n);
        }
        o.println();
        o.printf(Locale.ROOT, "test accuracy %.4f, macro-F1 %.4f; model in %s (loss curves: %s)%n",
                outcome.test().headline(), outcome.test().macroF1(), out, out.resolve("loss.png"));
        o.println("next: tensorforge predict --model " + out + " --data " + shown + " --limit 5");
        o.println("      tensorforge serve --model " + out + " --port 8080");
        return 0;
    }

    /** The 8x8 image as text (pixel values 0..16), for the first samples. */
    private static String ascii(float[] x, int row, int d) {
        if (d != 64) return "";
        String shades = " .:-=+*#%@";
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < 8; y++) {
            sb.append("            ");
            for (int c = 0; c < 8; c++) {
                float v = x[row * d + y * 8 + c];
                int k = Math.max(0, Math.min(shades.length() - 1, Math.round(v / 16f * (shades.length() - 1))));
                sb.append(shades.charAt(k)).append(shades.charAt(k));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private Path locate() throws IOException {
        if (data != null) {
            if (!Files.isRegularFile(data)) throw new UserException("data file not found: " + data);
            return data;
        }
        Path local = Path.of("data", "digits-8x8", "digits.csv.gz");
        if (Files.isRegularFile(local)) return local;
        try {
            Path self = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = self.getParent() == null ? null : self.getParent().getParent();
            if (root != null && root.getParent() != null) {
                Path p = root.getParent().resolve("data").resolve("digits-8x8").resolve("digits.csv.gz");
                if (Files.isRegularFile(p)) return p;
            }
        } catch (Exception ignored) {
            // no code source location
        }
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new UserException("the digits data was not found (data/digits-8x8/digits.csv.gz) and this build "
                        + "does not bundle it; give it with --data FILE");
            }
            Path tmp = Files.createTempFile("tensorforge-digits", ".csv.gz");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        }
    }
}
