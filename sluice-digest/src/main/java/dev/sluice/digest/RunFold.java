package dev.sluice.digest;

import dev.sluice.protocol.JobEventItem;
import dev.sluice.protocol.JobStatus;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.JobRunUpsert;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One run's new events within a commit, folded the way the store merges them (see {@link JobRunUpsert}):
 * the newest event by (attempt, phase, arrival) decides status and finishing fields, starts take the
 * minimum, attempts the maximum. Events of one commit are folded first because one upsert may not name a
 * run twice.
 */
final class RunFold {

    private final ProjectId project;
    private JobEventItem newest;
    private int newestPhase;
    private long newestAt;
    private Optional<String> newestIssue = Optional.empty();
    private int attempts;
    private OptionalLong startedAt = OptionalLong.empty();
    private OptionalDouble queuedMs = OptionalDouble.empty();
    private Optional<String> parentId = Optional.empty();
    private Optional<String> chainId = Optional.empty();
    private long firstSeen = Long.MAX_VALUE;
    private long lastSeen = Long.MIN_VALUE;

    RunFold(ProjectId project) {
        this.project = project;
    }

    /** Adds an event received at {@code at}; events come in arrival order, so ties go to the later one. */
    void add(JobEventItem e, long at, Optional<String> issueId) {
        int phase = JobStatus.phase(e.status());
        if (newest == null || isNewer(e.attempt(), phase, at)) {
            newest = e;
            newestPhase = phase;
            newestAt = at;
            newestIssue = issueId;
        }
        attempts = Math.max(attempts, e.attempt());
        if (phase == JobStatus.PHASE_STARTED && (startedAt.isEmpty() || at < startedAt.getAsLong())) {
            startedAt = OptionalLong.of(at);
        }
        if (e.queuedMs().isPresent() && (queuedMs.isEmpty() || newest == e)) {
            queuedMs = e.queuedMs();
        }
        parentId = parentId.or(e::parentId);
        chainId = chainId.or(e::chainId);
        firstSeen = Math.min(firstSeen, at);
        lastSeen = Math.max(lastSeen, at);
    }

    private boolean isNewer(int attempt, int phase, long at) {
        if (attempt != newest.attempt()) {
            return attempt > newest.attempt();
        }
        if (phase != newestPhase) {
            return phase > newestPhase;
        }
        return at >= newestAt;
    }

    JobRunUpsert toUpsert() {
        boolean finished = newestPhase != JobStatus.PHASE_STARTED;
        return new JobRunUpsert(project, newest.env(), newest.taskId(), newest.taskName(), newest.queue(),
                newest.framework(), newest.language(), newest.worker().key(), newest.status(), newest.attempt(),
                newestPhase, newestAt, attempts, startedAt,
                finished ? OptionalLong.of(newestAt) : OptionalLong.empty(),
                finished ? newest.durationMs() : OptionalDouble.empty(), queuedMs,
                finished ? newest.error().map(x -> x.type()) : Optional.empty(),
                finished ? newest.error().flatMap(x -> x.message()) : Optional.empty(),
                finished ? newestIssue : Optional.empty(), parentId, chainId, firstSeen, lastSeen);
    }
}
