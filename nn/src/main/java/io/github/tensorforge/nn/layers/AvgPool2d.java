package io.github.tensorforge.nn.layers;

/** Average pooling; see {@link Pool2d}. */
public final class AvgPool2d extends Pool2d {
    public AvgPool2d(int kernel) { super(Kind.AVG, kernel, kernel, 0); }

    public AvgPool2d(int kernel, int stride, int padding) { super(Kind.AVG, kernel, stride, padding); }
}
