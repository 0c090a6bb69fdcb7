package dev.slatune.search;

/** What {@link Search#next} asks for: one more run at a pressure, or the final results. */
public sealed interface Step permits Probe, Done {}
