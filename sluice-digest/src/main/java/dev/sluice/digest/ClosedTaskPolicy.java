package dev.sluice.digest;

import java.time.Duration;

/**
 * What a dedupe hit does to the task it matches: a pure function of the task's state and the project's
 * policy. {@code reopen} (default) moves a closed task back to the ingestion status; {@code create_new} opens
 * a fresh task; {@code reopen_if_recent} reopens only when the task changed within the window, measured
 * against the task's last update.
 */
public final class ClosedTaskPolicy {

    private ClosedTaskPolicy() {
    }

    /** The three results. */
    public enum Action {
        /** Count the occurrence on the open task. */
        INCREMENT,
        /** Count it and move the closed task back to the default ingestion status. */
        REOPEN,
        /** Leave the closed task alone and create a new one. */
        CREATE
    }

    /** Decides for a task that is {@code terminal} or not, last updated at {@code updatedAt}. */
    public static Action decide(boolean terminal, String behavior, int windowDays, long updatedAt, long now) {
        if (!terminal) {
            return Action.INCREMENT;
        }
        return switch (behavior) {
            case "create_new" -> Action.CREATE;
            case "reopen_if_recent" -> updatedAt >= now - Duration.ofDays(windowDays).toMillis()
                    ? Action.REOPEN : Action.CREATE;
            default -> Action.REOPEN;
        };
    }
}
