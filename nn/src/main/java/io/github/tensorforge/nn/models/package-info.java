/**
 * Ready-made models assembled from the layers: multi-layer perceptrons ({@link io.github.tensorforge.nn.models.Mlp}),
 * a small BERT-style text classifier trained from scratch
 * ({@link io.github.tensorforge.nn.models.TransformerClassifier}), and a BERT encoder with Hugging Face's semantics and
 * parameter names ({@link io.github.tensorforge.nn.models.BertEncoder}) with its sequence-classification head
 * ({@link io.github.tensorforge.nn.models.BertClassifier}) for fine-tuning pretrained checkpoints.
 *
 * <p>Models take token ids {@code (B, T)} or feature rows {@code (B, in)} and return raw scores (logits)
 * {@code (B, classes)}; losses such as {@code CrossEntropyLoss} apply the softmax.
 */
package io.github.tensorforge.nn.models;
