package dev.sluice.query;

import java.util.Optional;

/** One stored error occurrence; {@code detailJson} is the JSON object with exception, frames, breadcrumbs… */
public record Occurrence(String id, String issueId, long receivedAt, long occurredAt, String level,
                         Optional<String> environment, Optional<String> release, String detailJson) {
}
