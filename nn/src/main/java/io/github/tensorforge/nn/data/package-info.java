/**
 * Training data: labeled samples in flat host arrays ({@link io.github.tensorforge.nn.data.Dataset}), loaded from
 * CSV tables or IDX files (as read: {@link io.github.tensorforge.nn.data.DataFiles} into
 * {@link io.github.tensorforge.nn.data.RawData}; encoded for a model's {@link io.github.tensorforge.nn.data.InputSpec}
 * by {@link io.github.tensorforge.nn.data.Encoding}; split and preprocessed as every front end trains by
 * {@link io.github.tensorforge.nn.data.TrainingData}), split into train / eval / test sets ({@link io.github.tensorforge.nn.data.Splits}),
 * standardized with training statistics ({@link io.github.tensorforge.nn.data.Standardizer}), and cut into seeded,
 * reproducible batches that are uploaded to a backend in one transfer per tensor
 * ({@link io.github.tensorforge.nn.data.DataLoader}, {@link io.github.tensorforge.nn.data.Batch}).
 */
package io.github.tensorforge.nn.data;
