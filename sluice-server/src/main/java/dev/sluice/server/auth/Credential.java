package dev.sluice.server.auth;

import dev.sluice.protocol.ProjectId;

/** What an accepted key stands for. */
public record Credential(String keyId, ProjectId project, KeyKind kind) {
}
