package io.github.tensorforge.cli;

import io.github.tensorforge.nn.data.RawData;
import io.github.tensorforge.cli.model.LoadedModel;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Test metrics of a saved model on a labeled file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a trained model on a labeled data file: per-class precision/recall/F1, macro-F1, "
                + "accuracy and confusion matrix (MSE, MAE, R^2 for regression).")
final class EvaluateCommand extends BaseCommand {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory written by 'train'.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "CSV (.csv or .csv.gz, header row) with the model's columns, or IDX images.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels file (with IDX images in --data).")
    Path labels;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "Label column of the CSV (default: the one the model was trained with).")
    String label;

    @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N", description = "Inference batch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--json", description = "Print the metrics as JSON instead of tables.")
    boolean json;

    @Override protected int execute() throws Exception {
        if (batchSize <= 0) throw new UserException("--batch-size must be positive, got " + batchSize);
        try (LoadedModel m = LoadedModel.load(model)) {
            RawData raw = ModelData.read(m, data, labels, label, true);
            Dataset d = ModelData.labeled(m, raw, data.toString());
            Evaluation.Result r = Evaluation.evaluate("metrics on " + data.getFileName(), m.module(), d, m.spec(), batchSize);
            if (json) out().println(Json.MAPPER.writeValueAsString(r.json()));
            else out().print(r.text());
        }
        return 0;
    }
}
