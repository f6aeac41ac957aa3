/**
 * The Sluice server: configuration, start-up and wiring. Sub-packages hold one concern each: the HTTP
 * helpers ({@code http}), keys and tokens ({@code auth}), the group-commit ingest log ({@code log}), one
 * package per wire protocol ({@code opensentry}), the JSON REST API ({@code rest}), background timers
 * ({@code periodic}), metrics and the CLI.
 */
package dev.sluice.server;
