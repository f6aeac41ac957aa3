/**
 * The Sluice client: {@link dev.sluice.sdk.Sluice} and its families — {@link dev.sluice.sdk.Tasks} (Tailpoint),
 * {@link dev.sluice.sdk.Analytics} (Pug), {@link dev.sluice.sdk.Errors} (Open Sentry) and
 * {@link dev.sluice.sdk.Jobs} (TraceStax).
 *
 * <p>Nullness: types here are {@link org.jspecify.annotations.NullMarked} — parameters and results are non-null
 * unless marked {@link org.jspecify.annotations.Nullable}. Capture calls tolerate {@code null} anyway (they never
 * throw; a {@code null} where a value is required drops the item as {@link dev.sluice.sdk.DropReason#INVALID}).
 * Optional values are {@link java.util.Optional}, never {@code null}.
 *
 * <p>Threading: every public type is safe to use from any thread. Capture calls return at once; one daemon
 * sender thread per family delivers; drop reports run on one SDK thread. Error context follows the rules of
 * {@link dev.sluice.sdk.Scope}.
 */
@NullMarked
package dev.sluice.sdk;

import org.jspecify.annotations.NullMarked;
