package dev.slatune.it;

/** The namespace a test class runs in: created fresh for it, deleted after it. */
public record TestNamespace(String name) {}
