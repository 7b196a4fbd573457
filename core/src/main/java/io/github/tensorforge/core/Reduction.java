package io.github.tensorforge.core;

/** How a loss combines per-sample values. */
public enum Reduction { NONE, MEAN, SUM }
