/**
 * Canonical telemetry items: what every wire protocol is translated into at the edge, and what the log, the
 * digest and the store agree on. No third-party dependencies, no {@code null}: optional values are
 * {@link java.util.Optional}s.
 */
package dev.sluice.protocol;
