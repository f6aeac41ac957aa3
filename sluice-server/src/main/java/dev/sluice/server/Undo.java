package dev.sluice.server;

import java.util.ArrayDeque;
import java.util.Deque;

/** What a start has brought up so far, stopped again in reverse order when a later step fails. */
final class Undo {

    private final Deque<Runnable> steps = new ArrayDeque<>();

    void push(Runnable step) {
        steps.push(step);
    }

    /** Runs every step, newest first; failures are attached to {@code cause}, which is returned. */
    RuntimeException unwind(RuntimeException cause) {
        while (!steps.isEmpty()) {
            try {
                steps.pop().run();
            } catch (RuntimeException suppressed) {
                cause.addSuppressed(suppressed);
            }
        }
        return cause;
    }
}
