/**
 * The service-provider interface that backends implement, and the one definition of what each primitive op means.
 * A backend ships a {@link io.github.tensorforge.spi.BackendProvider}, found with {@link java.util.ServiceLoader},
 * that creates its {@link io.github.tensorforge.spi.Backend}: memory ({@link io.github.tensorforge.spi.Buffer}), host
 * transfers, and one kernel method per op family, output first, over strided
 * {@link io.github.tensorforge.spi.View}s. The op table is the enums {@link io.github.tensorforge.spi.UnaryOp},
 * {@link io.github.tensorforge.spi.BinaryOp} and {@link io.github.tensorforge.spi.ReduceOp}, whose scalar semantics
 * are {@link io.github.tensorforge.spi.ScalarMath}; {@link io.github.tensorforge.spi.FusedKernels} are optional
 * faster forms of core's composites. The remaining classes are shared by the backends so that each fact exists once:
 * layout coalescing, heap buffers, memory counters, the dropout mask, and the operand checks of the fused kernels.
 *
 * <p>What a backend may assume: core has checked shapes, dtypes, axes and index ranges, has allocated every output
 * with the backend's own {@code allocate}, and passes only views of the backend's own buffers; kernels need not
 * validate again. What it must guarantee: the results of the reference backend (within floating-point tolerance),
 * no allocation of tensors by kernels, thread safety, buffers counted in its memory statistics until released, and
 * no silent fallback to another backend. Backends dispatch with an exhaustive {@code switch} and no {@code default},
 * so a new op fails every backend's build until it is implemented.
 *
 * <p>This package depends on core only for {@link io.github.tensorforge.core.DType}. Core calls it; backends
 * implement it and never import one another, nor the reference package.
 */
package io.github.tensorforge.spi;
