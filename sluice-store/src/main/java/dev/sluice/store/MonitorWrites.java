package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.util.List;
import java.util.Optional;

/** Cron monitors and their check-ins, inside the {@link WriteTx} that reached them. */
public interface MonitorWrites {

    /** The monitor of {@code project} named {@code slug}. */
    Optional<MonitorRow> monitor(ProjectId project, String slug);

    /** Inserts a monitor or replaces its schedule and state (by project and slug). */
    void putMonitor(MonitorRow monitor);

    /** A run of {@code project} by the SDK's check-in id (the newest, should a client reuse one). */
    Optional<CheckInRow> checkIn(ProjectId project, String clientId);

    void insertCheckIn(CheckInRow row);

    /** Replaces a run's status, end and duration. */
    void updateCheckIn(CheckInRow row);

    /** Monitors whose next run is overdue by more than their margin at {@code nowMillis}, up to {@code limit}. */
    List<MonitorRow> overdue(long nowMillis, int limit);

    /** {@code in_progress} runs whose {@code timeoutAt} has passed at {@code nowMillis}, up to {@code limit}. */
    List<CheckInRow> timedOut(long nowMillis, int limit);

    /** A monitor by id. */
    Optional<MonitorRow> monitorById(String id);
}
