package io.github.tensorforge.nn.layers;

/** Max pooling; see {@link Pool2d}. */
public final class MaxPool2d extends Pool2d {
    /**
     * Max pooling over {@code kernel x kernel} windows with stride {@code kernel} and no padding.
     *
     * @param kernel the window size
     * @throws IllegalArgumentException if {@code kernel} is not positive
     */
    public MaxPool2d(int kernel) { super(Kind.MAX, kernel, kernel, 0); }

    /**
     * Max pooling over {@code kernel x kernel} windows.
     *
     * @param kernel  the window size
     * @param stride  the step between windows
     * @param padding the border added on each side, at most {@code kernel / 2}
     * @throws IllegalArgumentException if {@code kernel} or {@code stride} is not positive, or {@code padding} is
     *                                  outside {@code [0, kernel / 2]}
     */
    public MaxPool2d(int kernel, int stride, int padding) { super(Kind.MAX, kernel, stride, padding); }
}
