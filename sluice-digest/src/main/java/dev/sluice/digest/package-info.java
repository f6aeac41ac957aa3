/**
 * Domain rules as pure functions of their inputs and a {@link java.time.Clock}: error grouping
 * ({@link dev.sluice.digest.Grouping}), AI cost ({@link dev.sluice.digest.PriceTable}), timestamps; and the
 * {@link dev.sluice.digest.BatchApplier} that applies a group of accepted batches to one store transaction.
 */
package dev.sluice.digest;
