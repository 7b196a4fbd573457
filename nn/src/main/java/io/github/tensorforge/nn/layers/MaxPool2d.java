package io.github.tensorforge.nn.layers;

/** Max pooling; see {@link Pool2d}. */
public final class MaxPool2d extends Pool2d {
    public MaxPool2d(int kernel) { super(Kind.MAX, kernel, kernel, 0); }

    public MaxPool2d(int kernel, int stride, int padding) { super(Kind.MAX, kernel, stride, padding); }
}
