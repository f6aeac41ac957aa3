/**
 * Background work on a timer ({@link dev.sluice.server.periodic.Periodic}): the alert rules, the cron monitors'
 * sweep and retention share one runner, so naming, error logging and shutdown are the same everywhere.
 */
package dev.sluice.server.periodic;
