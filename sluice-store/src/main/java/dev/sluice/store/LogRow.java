package dev.sluice.store;

import dev.sluice.protocol.LogItem;
import dev.sluice.protocol.ProjectId;

/** One log record to store. */
public record LogRow(String id, ProjectId project, long occurredAt, long receivedAt, LogItem item) {
}
