package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Optional;

/** One stored error occurrence. {@code detailJson} holds exception, frames, breadcrumbs, tags and user. */
public record ErrorEventRow(String id, ProjectId project, String issueId, long receivedAt, long occurredAt,
                           Optional<String> timestampRaw, String level, Optional<String> environment,
                           Optional<String> release, String detailJson) {
}
