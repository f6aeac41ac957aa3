package dev.sluice.store;

/** A task status of a project; a terminal one ({@code closed}) counts as done. */
public record TaskStatus(long id, String name, boolean terminal, int position) {
}
