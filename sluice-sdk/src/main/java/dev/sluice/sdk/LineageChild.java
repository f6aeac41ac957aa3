package dev.sluice.sdk;

/** A child job spawned by a parent, for TraceStax lineage. */
public record LineageChild(String id, String taskName) {}
