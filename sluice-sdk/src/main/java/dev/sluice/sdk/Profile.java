package dev.sluice.sdk;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A Pug profile (pug.md §6.1); {@code properties} includes {@code $}-prefixed auto properties. */
public record Profile(String id, String externalId, String projectId, Map<String, Object> properties,
                      Optional<Instant> createTime, Optional<Instant> updateTime) {}
