/**
 * Tokenizers that turn texts into token ids for text models: a word-level tokenizer whose vocabulary is fitted on
 * training texts ({@link io.github.tensorforge.nn.text.WordTokenizer}), and the BERT WordPiece tokenizer read from a
 * Hugging Face {@code tokenizer.json}, which gives the ids the Hugging Face tokenizers library gives
 * ({@link io.github.tensorforge.nn.text.WordPieceTokenizer}).
 */
package io.github.tensorforge.nn.text;
