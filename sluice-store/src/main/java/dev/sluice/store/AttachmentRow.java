package dev.sluice.store;

import dev.sluice.protocol.AttachmentItem;
import dev.sluice.protocol.ProjectId;

/** An attachment to store. */
public record AttachmentRow(String id, ProjectId project, long receivedAt, AttachmentItem item) {
}
