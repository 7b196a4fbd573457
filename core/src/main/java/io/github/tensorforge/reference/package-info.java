/**
 * The reference backend, the correctness oracle: plain scalar loops over Java arrays, with no threads, no Vector API
 * and no fused kernels, so every composite runs from primitives. It defines what each op means in practice (with
 * {@link io.github.tensorforge.spi.ScalarMath} from the SPI), core's own tests need nothing else, and every other
 * backend is tested against it.
 *
 * <p>It implements {@link io.github.tensorforge.spi.Backend} like any other backend and is registered in core's
 * {@code META-INF/services} with the lowest priority: it is chosen only when asked for
 * ({@code tensorforge.backend=reference}) or when no other backend is available.
 */
package io.github.tensorforge.reference;
