package io.github.tensorforge.cli;

import io.github.tensorforge.nn.data.CsvReader;
import io.github.tensorforge.nn.train.BatchGradients;

import java.util.function.Function;

/**
 * What a front end other than the command line changes in {@code train}, everything else staying the command's (options,
 * split, preprocessing, model, reports, the model directory): the Spark job reads its tables through Spark and
 * computes gradients on the cluster. Pass them to {@link Main#run(java.io.PrintWriter, java.io.PrintWriter,
 * TrainHooks, String...)}.
 *
 * @param tables    reads the table at a {@code --data}, {@code --eval} or {@code --test} location (a header row, then
 *                  cells as text), or null to read local CSV and IDX files as the command does
 * @param gradients computes each batch's gradients, or null to compute them in this JVM
 */
public record TrainHooks(Function<String, CsvReader.Table> tables, BatchGradients.Factory gradients) {
    /** The command line's own behaviour. */
    public static final TrainHooks NONE = new TrainHooks(null, null);
}
