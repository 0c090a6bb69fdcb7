package dev.slatune.search;

/** Measure ONE more run at {@code value}, and add its result to that value's point in the history. */
public record Probe(double value) implements Step {}
