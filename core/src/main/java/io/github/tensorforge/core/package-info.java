/**
 * The public tensor API and autograd: {@link io.github.tensorforge.core.Tensor} (an n-dimensional array of one
 * {@link io.github.tensorforge.core.DType} on one backend), its creators
 * ({@link io.github.tensorforge.core.TensorFactory}), the composite ops written once from primitives
 * ({@link io.github.tensorforge.core.Functional}), shape arithmetic and NumPy broadcasting
 * ({@link io.github.tensorforge.core.Shapes}), and the choice of backend ({@link io.github.tensorforge.core.Backends}).
 * Operations return new tensors; in-place variants are spelled out. Movement ops (reshape, permute, expand, slice)
 * change shape, strides and offset only.
 *
 * <p>Core validates every argument once, at the API boundary, with errors that name the op, the shapes and the
 * backend; it allocates every output and then calls a primitive kernel of the
 * {@link io.github.tensorforge.spi.Backend} the tensors live on. It never names a backend: it finds them with
 * {@link java.util.ServiceLoader} through {@link io.github.tensorforge.spi.BackendProvider} and picks the default
 * from the {@code tensorforge.backend} setting, failing loud when it cannot. The scalar backend in
 * {@code io.github.tensorforge.reference} ships in the same module as the correctness oracle.
 *
 * <p>Autograd works at tensor granularity: each result records its inputs and a backward rule, {@code backward()}
 * walks the graph in reverse topological order and accumulates gradients, and
 * {@link io.github.tensorforge.core.GradMode} turns recording off. {@link io.github.tensorforge.core.GradCheck}
 * compares the gradients with finite differences in float64. Memory is released deterministically by closing tensors
 * or a {@link io.github.tensorforge.core.TensorScope}, with a cleaner only as the safety net.
 */
package io.github.tensorforge.core;
