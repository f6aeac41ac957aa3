package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One alert to one channel, from the outbox. Its {@code id} is the delivery id receivers dedupe on.
 *
 * @param channelIndex which of the rule's channels
 * @param payloadJson the alert as JSON
 */
public record AlertDelivery(String id, ProjectId project, String ruleId, int channelIndex, String subject,
                            String payloadJson, long createdAt, int attempts, OptionalLong deliveredAt,
                            OptionalLong failedAt, Optional<String> lastError) {
}
