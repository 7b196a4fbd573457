/**
 * Model files: saving and loading TensorForge model directories ({@code config.json} + {@code model.safetensors}
 * + {@code tokenizer.json}, {@link io.github.tensorforge.nn.io.ModelFiles}) and rebuilding modules from their
 * configs ({@link io.github.tensorforge.nn.io.ModelFactory}); pretrained models read through their own formats:
 * safetensors, Hugging Face BERT checkpoints and ONNX exports ({@link io.github.tensorforge.nn.io.BertCheckpoint},
 * {@link io.github.tensorforge.nn.io.BertOnnx}, {@link io.github.tensorforge.nn.io.PretrainedEncoder}). Pickle
 * files are never read. Readers validate a file before allocating for its contents, and writers replace files and
 * model directories atomically ({@link io.github.tensorforge.nn.io.AtomicFiles}).
 */
package io.github.tensorforge.nn.io;
