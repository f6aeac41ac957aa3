package dev.sluice.sdk.internal;

import dev.sluice.sdk.ErrorOptions;
import dev.sluice.sdk.Task;
import dev.sluice.sdk.TaskOutcome;
import java.util.concurrent.CompletableFuture;

/**
 * A queued Tailpoint capture. For {@code captureError} only the throwable and options are kept: the stack
 * trace, title and dedupe key are computed on the sender thread, off the caller's path.
 */
public record TaskItem(Task task, Throwable error, ErrorOptions options, CompletableFuture<TaskOutcome> outcome) {

    public static TaskItem of(Task task) {
        return new TaskItem(task, null, null, new CompletableFuture<>());
    }

    public static TaskItem ofError(Throwable error, ErrorOptions options) {
        return new TaskItem(null, error, options, new CompletableFuture<>());
    }

    @Override
    public String toString() {
        return task != null ? "Task[" + task.title() + "]" : "TaskFromError[" + error + "]";
    }
}
