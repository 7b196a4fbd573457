package io.github.tensorforge.spi;

/**
 * Reductions over a set of axes. SUM, MAX and MIN write the input's dtype; ARGMAX and ARGMIN reduce exactly one axis
 * and write INT64 holding the index of the first extreme value along it. MAX/MIN/ARGMAX/ARGMIN propagate NaN (a NaN
 * is the extreme value). A reduction over an empty axis is rejected by core before it reaches a backend, except SUM,
 * which gives 0.
 */
public enum ReduceOp {
    /** The sum of the elements; 0 over an empty axis. */ SUM,
    /** The largest element; NaN when any element is NaN. */ MAX,
    /** The smallest element; NaN when any element is NaN. */ MIN,
    /** The position of the first largest element along the one reduced axis (of the first NaN, if any). */ ARGMAX,
    /** The position of the first smallest element along the one reduced axis (of the first NaN, if any). */ ARGMIN
}
