/**
 * Loss functions, each a {@link io.github.tensorforge.nn.loss.Loss} from prediction and target to a loss tensor
 * (0-d unless the reduction is NONE) built from core tensor ops, so autograd gives its gradient: MSE, L1 and Huber
 * for regression, cross-entropy, negative log-likelihood and binary cross-entropy on logits for classification, with
 * PyTorch's semantics.
 */
package io.github.tensorforge.nn.loss;
