package dev.sluice.store;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A project's grouping rule.
 *
 * @param previousVersion the rule before the last change, while its transition window is open
 * @param transitionUntil epoch millis until which an event matching an issue of {@code previousVersion} stays in
 *     it
 */
public record GroupingSettings(int ruleVersion, OptionalInt previousVersion, OptionalLong transitionUntil) {

    /** The rule of a project that never chose one: the newest. */
    public static final int DEFAULT_RULE = 2;

    /** The settings of a project without a stored choice. */
    public static GroupingSettings defaults() {
        return new GroupingSettings(DEFAULT_RULE, OptionalInt.empty(), OptionalLong.empty());
    }

    /** Whether events still join issues of the previous rule at {@code nowMillis}. */
    public boolean inTransition(long nowMillis) {
        return previousVersion.isPresent() && transitionUntil.isPresent() && nowMillis < transitionUntil.getAsLong();
    }
}
