package io.github.tensorforge.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tensorforge.cli.model.LoadedModel;
import io.github.tensorforge.cli.model.ModelBuilder;
import io.github.tensorforge.cli.model.ModelType;
import io.github.tensorforge.cli.report.LossPlot;
import io.github.tensorforge.cli.report.ProgressBar;
import io.github.tensorforge.core.Backends;
import io.github.tensorforge.core.Rng;
import io.github.tensorforge.nn.Module;
import io.github.tensorforge.nn.Parameter;
import io.github.tensorforge.nn.io.BertCheckpoint;
import io.github.tensorforge.nn.io.PretrainedEncoder;
import io.github.tensorforge.nn.models.BertClassifier;
import io.github.tensorforge.nn.models.BertEncoder;
import io.github.tensorforge.nn.optim.LrScheduler;
import io.github.tensorforge.nn.text.WordPieceTokenizer;
import io.github.tensorforge.nn.data.DataFiles;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.data.Encoding;
import io.github.tensorforge.nn.data.InputSpec;
import io.github.tensorforge.nn.data.RawData;
import io.github.tensorforge.nn.data.Standardizer;
import io.github.tensorforge.nn.data.TrainingData;
import io.github.tensorforge.nn.io.AtomicFiles;
import io.github.tensorforge.nn.io.Json;
import io.github.tensorforge.nn.io.ModelFiles;
import io.github.tensorforge.nn.loss.CrossEntropyLoss;
import io.github.tensorforge.nn.loss.Loss;
import io.github.tensorforge.nn.loss.MSELoss;
import io.github.tensorforge.nn.optim.Adam;
import io.github.tensorforge.nn.optim.AdamW;
import io.github.tensorforge.nn.optim.Optimizer;
import io.github.tensorforge.nn.optim.SGD;
import io.github.tensorforge.nn.text.WordTokenizer;
import io.github.tensorforge.nn.train.TrainingDivergedException;
import io.github.tensorforge.nn.train.Trainer;
import io.github.tensorforge.spi.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Trains a model on a CSV or IDX file and saves it as a self-describing model directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model, or fine-tune a pretrained BERT encoder (--model bert): read CSV (numeric features, "
                + "or a text column; .gz works) or IDX (MNIST family), "
                + "split train/eval/test (or use --eval/--test), train with a progress bar, evaluate on the eval set "
                + "and stop early when it stops improving, print the test metrics, and save the model directory "
                + "(model.safetensors, config.json, tokenizer.json for text, metrics.json; --plot adds loss.png)."},
        footer = {"", "Examples:",
                "  tensorforge train --data data/digits-8x8/digits.csv.gz --label label --model mlp --out models/digits",
                "  tensorforge train --data train.csv --text text --label label --model bert --test dev.csv --bucket --out models/sentiment-bert",
                "  tensorforge train --data train.csv --text text --label label --model transformer --test dev.csv --out models/sentiment",
                "  tensorforge train --data train.csv --text text --label label --model lstm --test dev.csv --out models/sentiment-lstm",
                "  tensorforge train --data train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz --model cnn --out models/mnist"})
final class TrainCommand extends BaseCommand {
    enum OptimizerName { ADAM, ADAMW, SGD }

    enum Positions { LEARNED, SINUSOIDAL }

    private static final String METRICS = "metrics.json", PLOT = "loss.png", CHECKPOINTS = "checkpoints";
    /** What the command writes into --out, and so may replace there. */
    private static final java.util.Set<String> OUT_FILES = java.util.Set.copyOf(java.util.stream.Stream.concat(
            ModelFiles.FILES.stream(), Stream.of(METRICS, PLOT, CHECKPOINTS)).toList());


    // ---- data ----------------------------------------------------------------------------------------------------
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data: CSV with a header row (.csv or .csv.gz), or IDX images.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels file, with IDX images in --data.")
    Path labels;

    @Option(names = "--label", paramLabel = "COLUMN", description = "Label (or regression target) column of the CSV.")
    String label;

    @Option(names = "--text", paramLabel = "COLUMN", description = "Text column (for --model bow, transformer, lstm or bert).")
    String text;

    @Option(names = "--ignore", split = ",", paramLabel = "COLUMN", description = "Columns that are not features (e.g. an id), comma-separated.")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--regression", description = "The label is a numeric target: train with MSE and report MSE, MAE, R^2.")
    boolean regression;

    @Option(names = "--eval", paramLabel = "FILE", description = "Eval file (default: a split of --data).")
    Path evalFile;

    @Option(names = "--eval-labels", paramLabel = "FILE", description = "IDX labels of --eval.")
    Path evalLabels;

    @Option(names = "--test", paramLabel = "FILE", description = "Test file (default: a split of --data).")
    Path testFile;

    @Option(names = "--test-labels", paramLabel = "FILE", description = "IDX labels of --test.")
    Path testLabels;

    @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F", description = "Share of --data held out as the test set when there is no --test (default ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--eval-fraction", defaultValue = "0.1", paramLabel = "F", description = "Share of the training part used as the eval set when there is no --eval (default ${DEFAULT-VALUE}; none for fewer than 100 samples).")
    double evalFraction;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N rows of each data file.")
    Integer limit;

    // ---- model ---------------------------------------------------------------------------------------------------
    @Option(names = "--model", required = true, paramLabel = "TYPE", description = "mlp, cnn (square images), bow, "
            + "transformer or lstm (text, from scratch) or bert (text: fine-tune a pretrained encoder, see --pretrained).")
    ModelType model;

    @Option(names = "--pretrained", paramLabel = "NAME|DIR", description = "bert: the encoder to fine-tune: "
            + "all-minilm-l6-v2 (from the class path) or a Hugging Face directory (config.json, model.safetensors, "
            + "tokenizer.json) or ONNX export (model.onnx, tokenizer.json) (default: all-minilm-l6-v2).")
    String pretrained;

    @Option(names = "--pooling", defaultValue = "mean", paramLabel = "KIND", description = "bert: the head reads the "
            + "mean of the token states (mean) or the [CLS] state through the model's pooler (cls) (default ${DEFAULT-VALUE}).")
    BertEncoder.Pooling pooling;

    @Option(names = "--freeze-embeddings", description = "bert: do not train the embeddings.")
    boolean freezeEmbeddings;

    @Option(names = "--freeze-layers", defaultValue = "0", paramLabel = "N", description = "bert: do not train the first N encoder layers.")
    int freezeLayers;

    @Option(names = "--hidden", split = ",", paramLabel = "N", description = "Hidden layer widths, e.g. 256,128 (mlp default 256,128; bow and cnn: none).")
    int[] hidden;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout probability (default 0.1 for transformer and lstm, else 0).")
    Double dropout;

    @Option(names = "--max-len", defaultValue = "64", paramLabel = "N", description = "Tokens per text (default ${DEFAULT-VALUE}).")
    int maxLen;

    @Option(names = "--min-count", defaultValue = "2", paramLabel = "N", description = "Vocabulary: words seen at least N times in the training split (default ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-vocab", defaultValue = "50000", paramLabel = "N", description = "Vocabulary size limit (default ${DEFAULT-VALUE}).")
    int maxVocab;

    @Option(names = "--embed-dim", defaultValue = "128", paramLabel = "N", description = "bow, lstm: embedding size (default ${DEFAULT-VALUE}).")
    int embedDim;

    @Option(names = "--d-model", defaultValue = "128", paramLabel = "N", description = "transformer: width; lstm: hidden size per direction (default ${DEFAULT-VALUE}).")
    int dModel;

    @Option(names = "--heads", defaultValue = "4", paramLabel = "N", description = "transformer: attention heads (default ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--layers", paramLabel = "N", description = "transformer: encoder layers (default 2); lstm: stacked layers (default 1).")
    Integer layers;

    /** --layers, or the model's default: 2 encoder layers for transformer, 1 LSTM layer for lstm. */
    private int layerCount() { return layers != null ? layers : model == ModelType.LSTM ? 1 : 2; }

    @Option(names = "--ff", defaultValue = "256", paramLabel = "N", description = "transformer: feed-forward width (default ${DEFAULT-VALUE}).")
    int ff;

    @Option(names = "--positions", defaultValue = "learned", paramLabel = "KIND", description = "transformer: learned or sinusoidal positions (default ${DEFAULT-VALUE}).")
    Positions positions;

    @Option(names = "--channels", split = ",", defaultValue = "16,32", paramLabel = "N", description = "cnn: channels of the two conv blocks (default ${DEFAULT-VALUE}).")
    int[] channels;

    @Option(names = "--no-standardize", description = "Do not standardize numeric features (default: mean 0, std 1 from the training split).")
    boolean noStandardize;

    // ---- training ------------------------------------------------------------------------------------------------
    // Defaults marked "bert:" are Hugging Face Trainer's for fine-tuning; see applyModelDefaults.
    @Option(names = "--epochs", paramLabel = "N", description = "Most passes over the training set (default 20; bert: 3).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per optimizer step (default 64; bert: 32).")
    Integer batchSize;

    @Option(names = "--grad-accum", defaultValue = "1", paramLabel = "N", description = "Run each batch as N "
            + "micro-batches and step once: the same training with 1/N of the activation memory (default ${DEFAULT-VALUE}).")
    int gradAccum;

    @Option(names = "--bucket", description = "Batch texts of similar length together, so that less padding is computed.")
    boolean bucket;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default 0.001; bert: 0.00003).")
    Double lr;

    @Option(names = "--warmup", paramLabel = "F", description = "Warm the learning rate up linearly over this share of "
            + "the steps, then decay it linearly to 0 (default: constant rate; bert: 0.1).")
    Double warmup;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "adam, adamw or sgd (momentum 0.9) (default adam; "
            + "bert: adamw, without weight decay on biases and LayerNorm weights).")
    OptimizerName optimizer;

    @Option(names = "--weight-decay", paramLabel = "X", description = "Weight decay (default 0.01 for adamw, else 0).")
    Double weightDecay;

    @Option(names = "--clip-norm", paramLabel = "X", description = "Clip gradients to this global norm (0 = off; default 0; bert: 1).")
    Double clipNorm;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed of splits, initialization, shuffling and dropout (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--patience", defaultValue = "3", paramLabel = "N", description = "Stop after N evaluations without improvement (0 = never; default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--monitor", defaultValue = "loss", paramLabel = "METRIC", description = "Eval metric for early stopping and the best checkpoint: loss, accuracy, macro_f1, mse, mae, r2 (default ${DEFAULT-VALUE}).")
    String monitor;

    @Option(names = "--eval-every", defaultValue = "0", paramLabel = "N", description = "Evaluate every N steps (0 = at the end of each epoch).")
    int evalEvery;

    // ---- output --------------------------------------------------------------------------------------------------
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory to write.")
    Path out;

    @Option(names = "--plot", description = "Write loss.png with the training and eval loss curves.")
    boolean plot;

    @Option(names = "--keep-checkpoints", description = "Keep DIR/checkpoints (best and last, with optimizer state).")
    boolean keepCheckpoints;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "N", description = "Also write "
            + "checkpoints/last.safetensors every N steps, so an interrupted run loses little (0 = at evaluations and "
            + "epoch ends only).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue an interrupted run from DIR/checkpoints/last.safetensors (same "
            + "data and options, so splits, vocabulary and data order are the same; --epochs may be raised).")
    boolean resume;

    @Option(names = "--resume-with-changes", description = "With --resume: continue although the data or options "
            + "differ from the interrupted run's (the result then differs from an uninterrupted run).")
    boolean resumeWithChanges;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** Set by {@link Main#run(java.io.PrintWriter, java.io.PrintWriter, TrainHooks, String...)}. */
    TrainHooks hooks = TrainHooks.NONE;

    /** What a run produced (the demo command and tests use it). */
    record Outcome(Path dir, InputSpec spec, RawData raw, int[] testRows, Evaluation.Result test, TrainingHistory history,
                   Trainer.Result result, long parameters) {}

    @Override protected int execute() throws IOException {
        run();
        return 0;
    }

    Outcome run() throws IOException {
        applyModelDefaults();
        validate();
        requireWritableOut();
        Backend backend = Backends.current();
        var o = out();
        o.println("backend: " + backend.name() + " (" + backend.description() + ")");
        // A pretrained encoder is loaded first: a missing model fails before the data is read.
        PretrainedEncoder pre = model == ModelType.BERT ? loadPretrained() : null;
        try {
            return run(backend, pre);
        } finally {
            if (pre != null) pre.close(); // closing twice is harmless: the model closes the encoder it took over
        }
    }

    private PretrainedEncoder loadPretrained() {
        try {
            PretrainedEncoder p = PretrainedEncoder.load(pretrained);
            int positions = p.encoder().bertConfig().maxPositions(), layers = p.encoder().bertConfig().numLayers();
            if (maxLen > positions || freezeLayers > layers) {
                p.close();
                throw new UserException(maxLen > positions
                        ? "--max-len " + maxLen + " is more than the " + positions + " positions of " + pretrained
                        : "--freeze-layers " + freezeLayers + ": " + pretrained + " has " + layers + " layers");
            }
            return p;
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException("--pretrained " + pretrained + ": " + e.getMessage(), e);
        }
    }

    /** Fills the options not given with the defaults of the model: Hugging Face Trainer's fine-tuning recipe for bert. */
    private void applyModelDefaults() {
        boolean bert = model == ModelType.BERT;
        if (bert && pretrained == null) pretrained = PretrainedEncoder.MINILM;
        if (epochs == null) epochs = bert ? 3 : 20;
        if (batchSize == null) batchSize = bert ? 32 : 64;
        if (lr == null) lr = bert ? 3e-5 : 1e-3;
        if (optimizer == null) optimizer = bert ? OptimizerName.ADAMW : OptimizerName.ADAM;
        if (clipNorm == null) clipNorm = bert ? 1.0 : 0.0;
        if (warmup == null && bert) warmup = 0.1;
    }

    private Outcome run(Backend backend, PretrainedEncoder pre) throws IOException {
        var o = out();
        boolean bert = pre != null;

        // ---- read ------------------------------------------------------------------------------------------------
        if (hooks.tables() != null && (labels != null || evalLabels != null || testLabels != null)) {
            throw new UserException("this front end reads CSV and Parquet tables; IDX files (--labels) are read by "
                    + "'tensorforge train'");
        }
        boolean idx = hooks.tables() == null
                && (labels != null || DataFiles.looksLikeIdx(DataFiles.requireFile(data, "data file")));
        RawData raw;
        if (idx) {
            if (labels == null) throw new UserException(data + " is an IDX images file; give the labels with --labels FILE");
            if (text != null) throw new UserException("--text needs a CSV file; " + data + " is IDX");
            raw = DataFiles.idx(data, labels);
        } else {
            if (label == null) throw new UserException("--label COLUMN is required for CSV data (the column to predict)");
            raw = DataFiles.csvForTraining(table(data), data.toString(), label, text, ignore);
        }
        if (limit != null) raw = raw.head(limit);
        if (!raw.hasLabels() || raw.n() == 0) throw new UserException(data + ": no labeled rows");
        List<String> classes = regression ? List.of() : Encoding.classesOf(raw.labels());
        if (!regression && classes.size() < 2) {
            throw new UserException(data + ": the label column has a single class " + classes + "; nothing to learn");
        }
        if (!regression && classes.size() > Math.max(100, raw.n() / 5)) {
            err().println("warning: " + classes.size() + " distinct labels in " + raw.n() + " rows; if the label is a "
                    + "number to predict, add --regression");
        }
        int[] image = model == ModelType.CNN ? ModelBuilder.imageShape(raw.featureCount(), raw.imageDims()) : null;
        InputSpec spec = new InputSpec(text != null ? InputSpec.Kind.TEXT : InputSpec.Kind.FEATURES, regression, classes,
                raw.featureNames(), raw.featureCount(), image, text, idx ? null : label, text != null ? maxLen : 0, 0, 1);

        // ---- split, and the preprocessing fitted on the training rows only -----------------------------------------
        RawData evalRaw = evalFile == null ? null : readOther(evalFile, evalLabels, spec, "--eval");
        RawData testRaw = testFile == null ? null : readOther(testFile, testLabels, spec, "--test");
        WordPieceTokenizer pieces = bert ? pre.tokenizer().withMaxLength(maxLen) : null;
        TrainingData prepared = TrainingData.prepare(raw, spec, data.toString(),
                evalRaw == null ? null : new TrainingData.Sourced(evalRaw, evalFile.toString()),
                testRaw == null ? null : new TrainingData.Sourced(testRaw, testFile.toString()),
                new TrainingData.Options(testFraction, evalFraction, seed, !noStandardize, minCount, maxVocab, pieces));
        spec = prepared.spec();
        WordTokenizer tokenizer = prepared.tokenizer();
        Standardizer standardizer = prepared.standardizer();
        Dataset train = prepared.train(), eval = prepared.eval(), test = prepared.test();
        o.printf(Locale.ROOT, "data: %s, %d rows -> train %d, eval %s, test %s%n", data, raw.n(), train.size(),
                eval == null ? "none" : eval.size() + (evalRaw != null ? " (" + evalFile + ")" : ""),
                test == null ? "none" : test.size() + (testRaw != null ? " (" + testFile + ")" : ""));
        if (bert) {
            o.printf(Locale.ROOT, "text: column '%s', the WordPiece tokenizer of %s (%d tokens), at most %d tokens per "
                    + "text, batches padded to their longest%s%n", text, pretrained, pieces.vocabSize(), maxLen,
                    bucket ? ", similar lengths batched together" : "");
        } else if (spec.isText()) {
            o.printf(Locale.ROOT, "text: column '%s', vocabulary %d words (min count %d), %d tokens per text%n", text,
                    tokenizer.vocabSize(), minCount, maxLen);
        } else {
            o.printf(Locale.ROOT, "features: %d%s%s%n", spec.featureCount(),
                    image == null ? "" : " as " + image[0] + "x" + image[1] + "x" + image[2] + " images",
                    standardizer == null ? "" : ", standardized with training-split statistics");
        }
        o.println(regression ? "task: regression of '" + label + "'"
                : "task: classification, " + classes.size() + " classes " + DataFiles.abbreviate(classes));

        // ---- model, optimizer, loss -------------------------------------------------------------------------------
        double p = dropout != null ? dropout : bert ? pre.encoder().bertConfig().dropout()
                : model == ModelType.TRANSFORMER || model == ModelType.LSTM ? 0.1 : 0.0;
        Module net;
        if (bert) {
            BertClassifier c = new BertClassifier(pre.encoder(), classes.size(), pooling, p, pieces.padId(), new Rng(seed));
            c.freeze(freezeEmbeddings, freezeLayers);
            net = c;
        } else {
            ModelBuilder.Options mo = new ModelBuilder.Options(model, hidden, p, embedDim, dModel, heads, layerCount(), ff,
                    positions == Positions.LEARNED, channels);
            net = ModelBuilder.build(mo, spec, tokenizer == null ? 0 : tokenizer.vocabSize(), new Rng(seed));
        }
        try {
            long params = net.parameterCount();
            Map<String, Parameter> trained = net instanceof BertClassifier c ? c.trainableParameters() : net.namedParameters();
            long trainedCount = trained.values().stream().mapToLong(Parameter::size).sum();
            o.printf(Locale.ROOT, "model: %s%s, %,d parameters%s%n", model.id(), bert ? " (" + pretrained + ", "
                    + pooling.name().toLowerCase(Locale.ROOT) + " pooling)" : "", params,
                    trainedCount == params ? "" : String.format(Locale.ROOT, ", %,d of them trained", trainedCount));
            if (GlobalOptions.verbose()) o.println(net);
            double wd = weightDecay != null ? weightDecay : optimizer == OptimizerName.ADAMW ? 0.01 : 0.0;
            Optimizer opt = switch (optimizer) {
                case ADAM -> new Adam(trained, lr, 0.9, 0.999, 1e-8, wd, false);
                case ADAMW -> new AdamW(trained, lr, 0.9, 0.999, 1e-8, wd, false);
                case SGD -> new SGD(trained, lr, 0.9, 0, wd, false);
            };
            if (bert && wd > 0) { // Hugging Face's recipe: no decay on biases and LayerNorm weights
                java.util.Set<String> noDecay = new java.util.LinkedHashSet<>(Optimizer.biasesAndNorms(net));
                noDecay.retainAll(trained.keySet());
                opt.setGroups(List.of(Optimizer.ParamGroup.withWeightDecay("no_decay", noDecay, 0.0)));
            }
            int stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
            long totalSteps = (long) epochs * stepsPerEpoch;
            long warmSteps = warmup == null ? 0 : Math.round(warmup * totalSteps);
            LrScheduler schedule = warmup == null ? null
                    : LrScheduler.warmupLinear(opt, warmSteps, Math.max(totalSteps, warmSteps + 1));
            Loss loss = regression ? new MSELoss() : new CrossEntropyLoss();
            Path checkpoints = out.resolve(CHECKPOINTS);
            Trainer.Config cfg = Trainer.Config.builder().epochs(epochs).batchSize(batchSize).evalEvery(evalEvery)
                    .evalBatchSize(256).monitor(monitor).patience(eval == null ? 0 : patience).clipNorm(clipNorm)
                    .checkpointDir(checkpoints).checkpointEvery(checkpointEvery).seed(seed)
                    .accumulationSteps(gradAccum).bucketByLength(bucket).build();
            TrainingHistory history = new TrainingHistory();
            history.stepsPerEpoch = stepsPerEpoch;
            ObjectNode settings = settings();
            Trainer trainer = new Trainer(net, loss, opt, schedule, cfg);
            if (hooks.gradients() != null) trainer.gradients(hooks.gradients().create(net, loss, train, cfg));
            if (!quiet) trainer.addListener(ProgressBar.toStderr());
            trainer.addListener(history).addListener(new RunSettings(settings));
            o.printf(Locale.ROOT, "training: %s lr %s%s, batch %d%s, up to %d epochs%s%s%n", optimizer.name().toLowerCase(Locale.ROOT),
                    java.math.BigDecimal.valueOf(lr).toPlainString(), warmup == null ? ""
                            : String.format(Locale.ROOT, " (linear warm-up over %.0f%% of %d steps, then linear decay)",
                            warmup * 100, totalSteps),
                    batchSize, gradAccum > 1 ? " (" + gradAccum + " micro-batches per step)" : "", epochs,
                    clipNorm > 0 ? ", gradients clipped to norm " + clipNorm : "",
                    eval == null ? " (no eval set: no early stopping)"
                            : ", early stopping on eval " + monitor + " (patience " + patience + ")");
            o.flush();
            Trainer.Result result;
            Path last = checkpoints.resolve(Trainer.LAST);
            try {
                if (resume) {
                    if (!Files.isRegularFile(last)) {
                        throw new UserException("--resume: there is no checkpoint " + last + " to continue from");
                    }
                    refuseFinished(last);
                    refuseChanged(last, settings);
                    trainer.restore(last);
                    o.printf(Locale.ROOT, "resuming from %s at epoch %d, step %d%n", last, trainer.epoch() + 1, trainer.step());
                    result = trainer.resume(last, train, eval);
                } else {
                    result = trainer.fit(train, eval);
                }
            } catch (TrainingDivergedException e) {
                throw new UserException(e.getMessage() + "; nothing was saved as the model", e);
            } finally {
                opt.close();
            }
            Path best = checkpoints.resolve(Trainer.BEST);
            if (eval != null && Files.isRegularFile(best)) {
                Trainer.loadModelWeights(best, net);
                o.printf(Locale.ROOT, "restored the best eval checkpoint (step %d, eval %s %.4f)%n", history.bestStep,
                        monitor, result.bestMetric());
            }
            double spe = history.secondsPerEpoch();
            o.printf(Locale.ROOT, "trained %d steps, %d epochs%s%s in %.1f s (%.2f s per epoch, training only; %.0f samples/s)%n",
                    result.steps(), result.epochs(), result.stoppedEarly() ? " (stopped early)" : "",
                    history.steps == result.steps() ? "" : "; " + history.steps + " steps in this run",
                    history.trainSeconds(), spe, history.samples / Math.max(1e-9, history.trainSeconds()));

            // ---- test metrics -------------------------------------------------------------------------------------
            Dataset reportOn = test != null ? test : eval != null ? eval : train;
            String title = test != null ? "test metrics" : eval != null ? "eval metrics (no test set)"
                    : "training-set metrics (no test or eval set)";
            Evaluation.Result r = Evaluation.evaluate(title, net, reportOn, spec, 256);
            o.print(r.text());

            // ---- save -------------------------------------------------------------------------------------------------
            ObjectNode training = Json.object().put("backend", backend.name()).put("data", data.toString())
                    .put("rows", raw.n()).put("train_samples", train.size())
                    .put("eval_samples", eval == null ? 0 : eval.size()).put("test_samples", test == null ? 0 : test.size())
                    .put("optimizer", optimizer.name().toLowerCase(Locale.ROOT)).put("lr", lr).put("weight_decay", wd)
                    .put("batch_size", batchSize).put("epochs_max", epochs).put("epochs_run", result.epochs())
                    .put("steps", result.steps()).put("stopped_early", result.stoppedEarly()).put("seed", seed)
                    .put("monitor", monitor).put("patience", patience).put("dropout", p)
                    .put("seconds_per_epoch", spe).put("train_seconds", history.trainSeconds())
                    .put("steps_this_run", history.steps).put("resumed", resume)
                    .put("finished_at", Instant.now().toString()).put("parameters", params);
            if (!Double.isNaN(result.bestMetric())) training.put("best_eval_" + monitor, result.bestMetric());
            ObjectNode extra = Json.object().put("model_type", model.id()).put("tensorforge", VersionProvider.version());
            if (bert) extra.put("pretrained", pretrained);
            extra.set("input", spec.toJson());
            extra.set("training", training);
            extra.set("test_metrics", r.json());
            ObjectNode metrics = Json.object();
            metrics.set(test != null ? "test" : eval != null ? "eval" : "train", r.json());
            metrics.set("training", training);
            metrics.set("evaluations", history.evaluations);
            ArrayNode epochLoss = metrics.putArray("train_loss_per_epoch");
            history.epochMeanLoss.forEach(epochLoss::add);
            ArrayNode epochSecs = metrics.putArray("seconds_per_epoch");
            history.epochSeconds.forEach(epochSecs::add);
            // Everything goes into a new directory that replaces --out as a whole; the checkpoints go with the old
            // one unless they are kept.
            final Standardizer std = standardizer;
            AtomicFiles.publishDirectory(out, OUT_FILES, dir -> {
                if (net instanceof BertClassifier c) { // a Hugging Face directory, with what we know in config.json
                    ObjectNode ours = Json.object();
                    ours.set(LoadedModel.TENSORFORGE_KEY, extra);
                    BertCheckpoint.writeClassifier(dir, c, classes, ours);
                    pieces.save(dir.resolve(ModelFiles.TOKENIZER));
                } else {
                    ModelFiles.write(dir, net, prepared.tokenizer(), std, regression ? null : classes, extra);
                }
                Json.write(dir.resolve(METRICS), metrics);
                if (plot) {
                    LossPlot.write(dir.resolve(PLOT), model.id() + " on " + data.getFileName() + ": loss per step",
                            history.trainLoss, history.evalLoss, history.bestStep);
                }
                if (keepCheckpoints && Files.isDirectory(checkpoints)) Files.move(checkpoints, dir.resolve(CHECKPOINTS));
            });
            o.println("saved " + out + ": " + listing(out));
            return new Outcome(out, spec, raw, testRaw == null ? prepared.testRows() : null, r, history, result, params);
        } finally {
            net.close();
        }
    }

    private void validate() {
        if (epochs <= 0) throw new UserException("--epochs must be positive, got " + epochs);
        if (warmup != null && !(warmup >= 0 && warmup < 1)) throw new UserException("--warmup must be in [0, 1), got " + warmup);
        boolean bert = model == ModelType.BERT;
        if (!bert && (freezeEmbeddings || freezeLayers != 0 || bucket || pooling != BertEncoder.Pooling.MEAN
                || pretrained != null)) {
            throw new UserException("--pretrained, --pooling, --freeze-embeddings, --freeze-layers and --bucket are "
                    + "options of --model bert");
        }
        if (freezeLayers < 0) throw new UserException("--freeze-layers must be >= 0, got " + freezeLayers);
        if (batchSize <= 0) throw new UserException("--batch-size must be positive, got " + batchSize);
        if (gradAccum < 1 || gradAccum > batchSize) {
            throw new UserException("--grad-accum must be between 1 and --batch-size (" + batchSize + "), got " + gradAccum);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) throw new UserException("--lr must be a positive number, got " + lr);
        if (!(testFraction >= 0 && testFraction < 1)) throw new UserException("--test-fraction must be in [0, 1), got " + testFraction);
        if (!(evalFraction >= 0 && evalFraction < 1)) throw new UserException("--eval-fraction must be in [0, 1), got " + evalFraction);
        if (maxLen <= 0 || minCount <= 0 || maxVocab < 3) throw new UserException("--max-len and --min-count must be positive, --max-vocab at least 3");
        if (patience < 0 || evalEvery < 0 || checkpointEvery < 0) {
            throw new UserException("--patience, --eval-every and --checkpoint-every must be >= 0");
        }
        if (limit != null && limit <= 0) throw new UserException("--limit must be positive, got " + limit);
        if (dropout != null && !(dropout >= 0 && dropout < 1)) throw new UserException("--dropout must be in [0, 1), got " + dropout);
        if (channels.length != 2 || channels[0] <= 0 || channels[1] <= 0) throw new UserException("--channels needs two positive numbers, e.g. 16,32");
        if (embedDim <= 0 || dModel <= 0 || heads <= 0 || layerCount() <= 0 || ff <= 0) {
            throw new UserException("--embed-dim, --d-model, --heads, --layers and --ff must be positive");
        }
        if (model.text() && text == null) {
            throw new UserException("--model " + model.id() + " reads text: name the text column with --text COLUMN");
        }
        if (!model.text() && text != null) {
            throw new UserException("--model " + model.id() + " reads numeric features; for a text column use --model bow, transformer, lstm or bert");
        }
        if (regression && model.text()) throw new UserException("--regression works with numeric features (mlp, cnn)");
        if (weightDecay != null && !(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)) {
            throw new UserException("--weight-decay must be a number >= 0, got " + weightDecay);
        }
        if (!(clipNorm >= 0 && clipNorm < Double.POSITIVE_INFINITY)) {
            throw new UserException("--clip-norm must be a number >= 0 (0 = off), got " + clipNorm);
        }
        if (hidden != null) {
            for (int h : hidden) if (h <= 0) throw new UserException("--hidden widths must be positive, got " + h);
        }
        if (bert && maxLen < 3) throw new UserException("--max-len must be at least 3 for bert ([CLS], a token, [SEP])");
        if (!bert && maxLen > WordTokenizer.MAX_LENGTH) {
            throw new UserException("--max-len must be at most " + WordTokenizer.MAX_LENGTH + ", got " + maxLen);
        }
        List<String> monitors = regression ? List.of("loss", "mse", "mae", "r2") : List.of("loss", "accuracy", "macro_f1");
        if (!monitors.contains(monitor)) throw new UserException("--monitor must be one of " + monitors + ", got '" + monitor + "'");
    }

    /** Creates {@code --out} and writes a probe file there, so an unwritable place fails before training, not after. */
    private void requireWritableOut() {
        try {
            AtomicFiles.requireReplaceable(out, OUT_FILES);
        } catch (IOException e) {
            throw new UserException("--out: " + e.getMessage());
        }
        try {
            Files.createDirectories(out);
            Files.delete(Files.createTempFile(out, ".write-check", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new UserException("--out " + out + " is not a writable directory (" + e.getMessage()
                    + "); choose another place for the model");
        }
    }

    /**
     * What makes a run what it is: the data (by content) and every option that changes the result. A resumed run
     * equals an uninterrupted one only when these are the same; --epochs may grow, and the output options may change.
     */
    private ObjectNode settings() throws IOException {
        ObjectNode s = Json.object();
        s.put("data", fingerprint(data)).put("labels", fingerprint(labels)).put("eval", fingerprint(evalFile))
                .put("eval_labels", fingerprint(evalLabels)).put("test", fingerprint(testFile))
                .put("test_labels", fingerprint(testLabels));
        s.put("label", label).put("text", text).put("ignore", String.join(",", ignore)).put("regression", regression)
                .put("test_fraction", testFraction).put("eval_fraction", evalFraction)
                .put("limit", limit == null ? null : limit.toString());
        s.put("model", model.id()).put("hidden", hidden == null ? null : java.util.Arrays.toString(hidden))
                .put("dropout", dropout).put("max_len", maxLen).put("min_count", minCount).put("max_vocab", maxVocab)
                .put("embed_dim", embedDim).put("d_model", dModel).put("heads", heads).put("layers", layerCount())
                .put("ff", ff).put("positions", positions.name()).put("channels", java.util.Arrays.toString(channels))
                .put("no_standardize", noStandardize);
        s.put("batch_size", batchSize).put("lr", lr).put("optimizer", optimizer.name()).put("weight_decay", weightDecay)
                .put("clip_norm", clipNorm).put("seed", seed).put("patience", patience).put("monitor", monitor)
                .put("eval_every", evalEvery);
        // Written only when they are used, so that checkpoints of runs from before these options still resume.
        if (gradAccum != 1) s.put("grad_accum", gradAccum);
        if (warmup != null) s.put("warmup", warmup);
        if (model == ModelType.BERT) {
            s.put("pretrained", pretrained).put("pooling", pooling.name()).put("freeze_embeddings", freezeEmbeddings)
                    .put("freeze_layers", freezeLayers).put("bucket", bucket);
        }
        return s;
    }

    /** A file by its size and CRC-32C (renaming or moving it changes nothing; editing it does). */
    /** Size and CRC-32C of a file, or of a directory's files in name order (a Parquet table's parts). */
    private static String fingerprint(Path file) throws IOException {
        if (file == null) return null;
        if (!Files.exists(file)) return "missing"; // or on a cluster's file system, which the driver does not see
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        long size = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(file)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            if (!f.equals(file)) crc.update(file.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (var in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buf)) > 0; size += n) crc.update(buf, 0, n);
            }
        }
        return size + " bytes, crc32c " + Long.toHexString(crc.getValue());
    }

    /** --resume continues the run it finds only with the same data and options, unless told otherwise. */
    private void refuseChanged(Path last, ObjectNode now) throws IOException {
        String saved = io.github.tensorforge.nn.io.Safetensors.metadata(last).get(Trainer.LISTENER_PREFIX + RunSettings.KEY);
        if (saved == null) {
            err().println("warning: " + last + " does not record the options it was trained with (an older version "
                    + "wrote it); resuming without checking them");
            return;
        }
        var before = Json.parse(saved);
        List<String> diffs = new ArrayList<>();
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        now.fieldNames().forEachRemaining(keys::add);
        before.fieldNames().forEachRemaining(keys::add); // an option used then but not now is a change too
        for (String k : keys) {
            // As JSON text: a long written and read back is an int node, equal in value but not as a node.
            String was = before.path(k).isMissingNode() ? "null" : before.get(k).toString();
            String is = now.path(k).isMissingNode() ? "null" : now.get(k).toString();
            if (!is.equals(was)) diffs.add(k + ": " + was + " -> " + is);
        }
        if (diffs.isEmpty()) return;
        if (resumeWithChanges) {
            err().println("warning: resuming with changes: " + String.join("; ", diffs));
            return;
        }
        throw new UserException("--resume: the interrupted run was trained with other data or options: "
                + String.join("; ", diffs) + ". Resume with the same ones, or add --resume-with-changes to continue "
                + "anyway (the result then differs from an uninterrupted run)");
    }

    /** Writes the run's settings into every checkpoint, for {@link #refuseChanged}. */
    private record RunSettings(ObjectNode settings) implements io.github.tensorforge.nn.train.CheckpointedListener {
        static final String KEY = "settings";

        @Override public String checkpointKey() { return KEY; }

        @Override public String checkpointState() { return settings.toString(); }

        @Override public void restoreCheckpointState(String state) {} // compared before the restore, by refuseChanged
    }

    /** The nn Trainer does not continue a run that reached its end; say so instead of silently training nothing. */
    private static void refuseFinished(Path last) throws IOException {
        String meta = io.github.tensorforge.nn.io.Safetensors.metadata(last).get("trainer");
        if (meta == null) throw new UserException("--resume: " + last + " is not a training checkpoint");
        var state = Json.parse(meta);
        if (state.path("finished").asBoolean()) {
            throw new UserException("--resume: the run saved in " + last + " already finished ("
                    + (state.path("stopped_early").asBoolean() ? "it stopped early" : "it trained all its epochs")
                    + ", step " + state.path("step").asLong() + "); --resume continues interrupted runs only, so start a "
                    + "new run without --resume");
        }
    }

    private RawData readOther(Path file, Path idxLabels, InputSpec spec, String option) {
        RawData r;
        if (hooks.tables() == null
                && (idxLabels != null || DataFiles.looksLikeIdx(DataFiles.requireFile(file, option + " file")))) {
            if (idxLabels == null) throw new UserException(file + " is IDX; give its labels with " + option + "-labels FILE");
            r = DataFiles.idx(file, idxLabels);
            if (r.featureCount() != spec.featureCount()) {
                throw new UserException(option + " " + file + ": " + r.featureCount() + " pixels per image, --data has "
                        + spec.featureCount());
            }
        } else {
            if (spec.features().isEmpty() && !spec.isText()) {
                throw new UserException(option + " must be IDX like --data");
            }
            r = DataFiles.csvForModel(table(file), file.toString(), spec, label, true);
        }
        if (limit != null) r = r.head(limit);
        if (r.n() == 0) throw new UserException(option + " " + file + " has no rows");
        return r;
    }

    /** A CSV table at {@code file}: through the hooks' reader when there is one. */
    private io.github.tensorforge.nn.data.CsvReader.Table table(Path file) {
        return hooks.tables() != null ? hooks.tables().apply(file.toString()) : DataFiles.readCsv(file);
    }

    private static String listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            s.sorted().forEach(f -> names.add(f.getFileName().toString() + (Files.isDirectory(f) ? "/" : "")));
            return String.join(", ", names);
        }
    }
}
