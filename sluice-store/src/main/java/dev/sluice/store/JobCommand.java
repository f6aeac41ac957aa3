package dev.sluice.store;

/** A command for a worker, as its heartbeat response carries it ({@code {"id","type"}}). */
public record JobCommand(String id, String type) {
}
