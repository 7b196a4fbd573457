package io.github.tensorforge.cli.model;

import java.util.Locale;

/** The architectures the train command builds. */
public enum ModelType {
    /** Linear + ReLU stack on numeric features. */
    MLP(false),
    /** Two Conv2d-ReLU-MaxPool blocks and a linear head, on square images (8x8 digits, 28x28 MNIST). */
    CNN(false),
    /** Bag of embeddings: token embedding, masked mean, linear head, on a text column. */
    BOW(true),
    /** Small Transformer encoder: embeddings + positions, encoder layers, masked mean pooling, linear head. */
    TRANSFORMER(true),
    /** Recurrent: token embedding, a bidirectional LSTM over the real tokens, final states, linear head. */
    LSTM(true),
    /** A pretrained BERT-family encoder (--pretrained) with a classification head, fine-tuned: its own WordPiece tokenizer. */
    BERT(true);

    private final boolean text;

    ModelType(boolean text) { this.text = text; }

    /** Whether the model reads text (token ids) rather than numeric features. */
    public boolean text() { return text; }

    public String id() { return name().toLowerCase(Locale.ROOT); }
}
