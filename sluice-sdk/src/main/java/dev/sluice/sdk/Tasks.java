package dev.sluice.sdk;

import dev.sluice.sdk.internal.Accounting;
import dev.sluice.sdk.internal.Channel;
import dev.sluice.sdk.internal.TaskItem;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Tasks from incidents (Tailpoint). Each capture is one request, retried with one idempotency key; the
 * returned stage completes with the server's outcome or with {@link TaskOutcome.Status#DROPPED} — it never
 * completes exceptionally, and the call never throws or blocks. Dependent actions attached with the
 * non-async methods ({@code thenAccept}, …) run on the SDK's sender thread: keep them short, or use the
 * {@code …Async} variants.
 */
public final class Tasks {

    private final Channel<TaskItem> channel; // null when not configured
    private final Accounting books;

    Tasks(Channel<TaskItem> channel, Accounting books) {
        this.channel = channel;
        this.books = books;
    }

    /**
     * Sends {@code task}; the stage completes with the server's outcome or {@link TaskOutcome.Status#DROPPED}, never
    * exceptionally. Never throws or blocks.
     */
    public CompletionStage<TaskOutcome> capture(Task task) {
        try {
            if (task == null || task.title().isBlank()) {
                return refuse(DropReason.INVALID, "a task needs a non-blank title", String.valueOf(task));
            }
            return offer(TaskItem.of(task));
        } catch (Throwable t) {
            return refuse(DropReason.INTERNAL, "capture failed: " + t, String.valueOf(task));
        }
    }

    /** A task from {@code error} with every option derived ({@link ErrorOptions#defaults()}). */
    public CompletionStage<TaskOutcome> captureError(Throwable error) {
        return captureError(error, ErrorOptions.defaults());
    }

    /** A task from an exception: title {@code Type: message}, the stack trace, and a stable dedupe key. */
    public CompletionStage<TaskOutcome> captureError(Throwable error, ErrorOptions options) {
        try {
            if (error == null) {
                return refuse(DropReason.INVALID, "captureError(null)", "null");
            }
            return offer(TaskItem.ofError(error, options == null ? ErrorOptions.defaults() : options));
        } catch (Throwable t) {
            return refuse(DropReason.INTERNAL, "captureError failed: " + t, String.valueOf(error));
        }
    }

    private CompletionStage<TaskOutcome> offer(TaskItem item) {
        if (channel == null) {
            return refuse(DropReason.NOT_CONFIGURED, "no Tailpoint key configured", item);
        }
        channel.offer(item); // every refusal or drop completes the outcome through the encoder
        return item.outcome();
    }

    private CompletionStage<TaskOutcome> refuse(DropReason reason, String message, Object item) {
        SluiceError e = SluiceError.of(Family.TASKS, reason, message);
        books.refuse(reason, message, item);
        return CompletableFuture.completedFuture(TaskOutcome.dropped(e));
    }
}
