package dev.sluice.store;

import dev.sluice.protocol.ProjectId;

/** A project: the owner of keys and of every item sent with them. */
public record Project(ProjectId id, String name, long createdAt) {
}
