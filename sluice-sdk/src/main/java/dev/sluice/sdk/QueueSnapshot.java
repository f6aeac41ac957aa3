package dev.sluice.sdk;

/** Depth of one job queue, for TraceStax snapshots ({@code throughput_per_min} is computed server-side). */
public record QueueSnapshot(String name, long depth, long active, long failed) {}
