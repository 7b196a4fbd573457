package io.github.tensorforge.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.nn.data.DataFiles;
import io.github.tensorforge.nn.data.RawData;
import io.github.tensorforge.cli.model.InvalidInputException;
import io.github.tensorforge.cli.model.LoadedModel;
import io.github.tensorforge.cli.model.Prediction;
import io.github.tensorforge.nn.data.CsvReader;
import io.github.tensorforge.nn.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Labels and class probabilities for new samples, from a file or standard input. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict with a trained model. Samples come from --data (CSV with the model's columns, or IDX "
                + "images) or, without --data, from standard input: one text per line for text models, one CSV row of "
                + "numbers per line (an optional header row names the columns) for feature models.",
                "Prints one line per sample (label and class probabilities), or JSON with --json."})
final class PredictCommand extends BaseCommand {
    /** The column whose values name the samples in the output (else their row numbers). */
    static final String ID_COLUMN = "id";

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory written by 'train'.")
    Path model;

    @Option(names = "--data", paramLabel = "FILE", description = "CSV or IDX file to predict (default: standard input).")
    Path data;

    @Option(names = "--limit", paramLabel = "N", description = "Predict only the first N samples.")
    Integer limit;

    @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N", description = "Inference batch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--json", description = "Print {\"predictions\": [{\"label\": ..., \"probabilities\": {...}}]}.")
    boolean json;

    /** Standard input; tests replace it. */
    InputStream stdin = System.in;

    @Override protected int execute() throws IOException {
        if (batchSize <= 0) throw new UserException("--batch-size must be positive, got " + batchSize);
        if (limit != null && limit <= 0) throw new UserException("--limit must be positive, got " + limit);
        try (LoadedModel m = LoadedModel.load(model)) {
            List<Object> encoded = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            // what names each sample in the output: the file's id column, or its row / line number
            List<String> ids = new ArrayList<>();
            if (data != null) {
                RawData raw;
                List<String> idColumn = null;
                if (DataFiles.looksLikeIdx(data)) {
                    raw = ModelData.read(m, data, null, null, false);
                } else {
                    DataFiles.requireFile(data, "data file");
                    CsvReader.Table t = DataFiles.readCsv(data);
                    raw = DataFiles.csvForModel(t, data.toString(), m.spec(), null, false);
                    int c = t.columns().indexOf(ID_COLUMN);
                    if (c >= 0) {
                        idColumn = new ArrayList<>(t.rows().size());
                        for (String[] row : t.rows()) idColumn.add(row[c]);
                    }
                }
                int n = limit == null ? raw.n() : Math.min(limit, raw.n());
                for (int i = 0; i < n; i++) {
                    encoded.add(encodeRow(m, raw, i, data.toString()));
                    labels.add(raw.hasLabels() ? raw.labels()[i] : null);
                    ids.add(idColumn == null ? Integer.toString(i + 1) : idColumn.get(i));
                }
            } else {
                readStdin(m, encoded, labels, ids);
            }
            if (encoded.isEmpty()) throw new UserException("no samples to predict" + (data == null
                    ? " on standard input (give --data FILE, or pipe lines in)" : " in " + data));
            List<Prediction> preds = new ArrayList<>(encoded.size());
            for (int from = 0; from < encoded.size(); from += batchSize) {
                preds.addAll(m.predict(encoded.subList(from, Math.min(encoded.size(), from + batchSize))));
            }
            for (int i = 0; i < preds.size(); i++) {
                if (!preds.get(i).isFinite()) {
                    throw new UserException("sample " + ids.get(i) + ": the model's output is not a finite number (NaN or "
                            + "infinity); the model or this input is unusable");
                }
            }
            print(preds, labels, ids);
        }
        return 0;
    }

    private static Object encodeRow(LoadedModel m, RawData raw, int i, String source) {
        try {
            if (raw.isText()) return m.encodeText(raw.texts().get(i));
            int d = raw.featureCount();
            return m.encodeFeatures(java.util.Arrays.copyOfRange(raw.features(), i * d, (i + 1) * d));
        } catch (InvalidInputException e) {
            throw new UserException(source + ": sample " + (i + 1) + ": " + e.getMessage());
        }
    }

    private void readStdin(LoadedModel m, List<Object> encoded, List<String> labels, List<String> ids) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        if (m.spec().isText()) {
            String line;
            int no = 0;
            List<Integer> blank = new ArrayList<>();
            while ((line = r.readLine()) != null && (limit == null || encoded.size() < limit)) {
                no++;
                if (line.isBlank()) {
                    blank.add(no);
                    continue;
                }
                try {
                    encoded.add(m.encodeText(line));
                } catch (InvalidInputException e) {
                    throw new UserException("standard input line " + no + ": " + e.getMessage());
                }
                labels.add(null);
                ids.add(Integer.toString(no)); // the line number, so answers line up with the input
            }
            if (!blank.isEmpty()) {
                String which = blank.stream().limit(10).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
                err().println("skipped " + blank.size() + " blank line" + (blank.size() == 1 ? "" : "s")
                        + " of standard input (line " + which + (blank.size() > 10 ? ", ..." : "") + ")");
            }
            return;
        }
        StringBuilder all = new StringBuilder();
        char[] buf = new char[8192];
        int k;
        while ((k = r.read(buf)) > 0) all.append(buf, 0, k);
        List<String[]> rows;
        try {
            rows = CsvReader.parse(new StringReader(all.toString()), ',', "standard input");
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (rows.isEmpty()) return;
        if (!numeric(rows.get(0))) {
            CsvReader.Table t = CsvReader.read(new StringReader(all.toString()), true, ',', "standard input");
            RawData raw = DataFiles.csvForModel(t, "standard input", m.spec(), null, false);
            int n = limit == null ? raw.n() : Math.min(limit, raw.n());
            for (int i = 0; i < n; i++) {
                encoded.add(encodeRow(m, raw, i, "standard input"));
                labels.add(raw.hasLabels() ? raw.labels()[i] : null);
                ids.add(Integer.toString(i + 1));
            }
            return;
        }
        int d = m.spec().featureCount();
        for (int i = 0; i < rows.size() && (limit == null || encoded.size() < limit); i++) {
            String[] row = rows.get(i);
            if (row.length != d) {
                throw new UserException("standard input row " + (i + 1) + ": " + row.length + " values, the model takes "
                        + d + " (or start with a header row naming the columns)");
            }
            float[] x = new float[d];
            for (int j = 0; j < d; j++) {
                float v = CsvReader.finiteFloat(row[j]);
                if (Float.isNaN(v)) {
                    throw new UserException("standard input row " + (i + 1) + ", value " + (j + 1) + ": '" + row[j]
                            + "' is not a finite number");
                }
                x[j] = v;
            }
            encoded.add(m.encodeFeatures(x));
            labels.add(null);
            ids.add(Integer.toString(i + 1));
        }
    }

    private static boolean numeric(String[] row) {
        for (String s : row) {
            try {
                CsvReader.number(s);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private void print(List<Prediction> preds, List<String> truth, List<String> ids) throws IOException {
        if (json) {
            ObjectNode o = Json.object();
            ArrayNode arr = o.putArray("predictions");
            for (int i = 0; i < preds.size(); i++) arr.add(Json.object().put("id", ids.get(i)).setAll(preds.get(i).toJson()));
            out().println(Json.MAPPER.writeValueAsString(o));
            return;
        }
        for (int i = 0; i < preds.size(); i++) {
            Prediction p = preds.get(i);
            StringBuilder sb = new StringBuilder();
            sb.append(ids.get(i)).append('\t');
            if (p.isClassification()) {
                sb.append(p.label()).append('\t');
                List<Map.Entry<String, Double>> probs = new ArrayList<>(p.probabilities().entrySet());
                probs.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
                for (int j = 0; j < Math.min(5, probs.size()); j++) {
                    if (j > 0) sb.append(' ');
                    sb.append(probs.get(j).getKey()).append('=')
                            .append(String.format(Locale.ROOT, "%.4f", probs.get(j).getValue()));
                }
                if (probs.size() > 5) sb.append(" ...");
            } else {
                for (int j = 0; j < p.values().length; j++) {
                    if (j > 0) sb.append(' ');
                    sb.append(String.format(Locale.ROOT, "%.6g", p.values()[j]));
                }
            }
            if (p.truncation() != null) {
                sb.append("\t(text cut to its first ").append(p.truncation().kept()).append(" of ")
                        .append(p.truncation().tokens()).append(" tokens)");
            }
            String t = truth.get(i);
            if (t != null) sb.append("\t(true: ").append(t).append(')');
            out().println(sb);
        }
    }
}
