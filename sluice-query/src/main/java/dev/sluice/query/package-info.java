/**
 * Read services over the store: issues with their occurrences, transactions with spans, AI usage totals.
 * Lists are ordered newest first and paginated with opaque cursors; every query is scoped to one project.
 */
package dev.sluice.query;
