package dev.sluice.protocol;

import java.util.List;

/**
 * The synchronous answer to a worker heartbeat: the heartbeat is stored, and the commands queued for that
 * worker were taken in the same transaction (so a command is delivered exactly when its heartbeat is durable,
 * and two nodes cannot both deliver it).
 *
 * @param commands oldest first
 */
public record HeartbeatOutcome(List<Command> commands) implements ItemOutcome {

    public HeartbeatOutcome {
        commands = List.copyOf(commands);
    }

    /** One queued command for the worker. */
    public record Command(String id, String type) {
    }
}
