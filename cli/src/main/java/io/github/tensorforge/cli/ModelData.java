package io.github.tensorforge.cli;

import io.github.tensorforge.nn.data.DataFiles;
import io.github.tensorforge.nn.data.RawData;
import io.github.tensorforge.cli.model.LoadedModel;
import io.github.tensorforge.nn.data.Dataset;
import io.github.tensorforge.nn.data.TrainingData;

import java.nio.file.Path;

/** Reads a data file for an already trained model (evaluate, predict): CSV by the model's columns, or IDX images. */
final class ModelData {
    private ModelData() {}

    static RawData read(LoadedModel model, Path data, Path idxLabels, String labelColumn, boolean labelsRequired) {
        DataFiles.requireFile(data, "data file");
        if (idxLabels != null || DataFiles.looksLikeIdx(data)) {
            if (model.spec().isText()) throw new UserException("this is a text model; give it a CSV with a text column");
            if (labelsRequired && idxLabels == null) {
                throw new UserException(data + " is an IDX images file; give the labels with --labels FILE");
            }
            RawData raw = DataFiles.idx(data, idxLabels);
            if (raw.featureCount() != model.spec().featureCount()) {
                throw new UserException(data + ": images of " + raw.featureCount() + " pixels, the model takes "
                        + model.spec().featureCount() + " features");
            }
            return raw;
        }
        return DataFiles.csvForModel(DataFiles.readCsv(data), data.toString(), model.spec(), labelColumn, labelsRequired);
    }

    /** A labeled dataset prepared exactly as in training (standardized features or token ids). */
    static Dataset labeled(LoadedModel model, RawData raw, String source) {
        Dataset d = new TrainingData.Encoder(model.spec(), model.tokenizer(), model.wordPieces()).labeled(raw, source);
        return model.standardizer() == null || d.hasTokens() ? d : model.standardizer().transform(d);
    }
}
