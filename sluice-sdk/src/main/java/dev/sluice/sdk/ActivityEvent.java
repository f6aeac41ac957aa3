package dev.sluice.sdk;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** One event of a profile's activity feed (pug.md §6.2). */
public record ActivityEvent(String eventId, String kind, String distinctId, Optional<Instant> occurTime,
                            String sessionId, Map<String, Object> autoProperties,
                            Map<String, Object> customProperties) {}
