package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.JobError;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.JobRunUpsert;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The in-commit fold of a run's events: the same ordering rule the store's upsert applies. */
class RunFoldTest {

    private static final ProjectId P = new ProjectId("p");
    private static final Optional<JobError> BOOM = Optional.of(new JobError("Boom", Optional.of("m"), Optional.empty()));

    @Test
    void aLaterAttemptWinsAndClearsTheEarlierError() {
        RunFold fold = new RunFold(P);
        fold.add(JobDigestTest.event("a", "started", 1, Optional.empty()), 100, Optional.empty());
        fold.add(JobDigestTest.event("a", "failed", 1, BOOM), 200, Optional.of("issue-1"));
        fold.add(JobDigestTest.event("a", "started", 2, Optional.empty()), 300, Optional.empty());
        JobRunUpsert running = fold.toUpsert();
        assertThat(running.status()).isEqualTo("started");
        assertThat(running.finishedAt()).isEmpty();
        assertThat(running.errorType()).isEmpty();
        assertThat(running.issueId()).isEmpty();
        assertThat(running.startedAt()).hasValue(100);
        assertThat(running.attempts()).isEqualTo(2);
        fold.add(JobDigestTest.event("a", "succeeded", 2, Optional.empty()), 400, Optional.empty());
        JobRunUpsert done = fold.toUpsert();
        assertThat(done.status()).isEqualTo("succeeded");
        assertThat(done.finishedAt()).hasValue(400);
        assertThat(done.durationMs()).hasValue(20.0);
        assertThat(done.firstSeen()).isEqualTo(100);
        assertThat(done.lastSeen()).isEqualTo(400);
    }

    @Test
    void aFinishBeatsAStartOfTheSameAttemptWhateverTheArrivalOrder() {
        RunFold fold = new RunFold(P);
        fold.add(JobDigestTest.event("b", "failed", 1, BOOM), 100, Optional.of("issue-1"));
        fold.add(JobDigestTest.event("b", "started", 1, Optional.empty()), 200, Optional.empty());
        JobRunUpsert run = fold.toUpsert();
        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.statusPhase()).isEqualTo(2);
        assertThat(run.errorType()).hasValue("Boom");
        assertThat(run.errorMessage()).hasValue("m");
        assertThat(run.issueId()).hasValue("issue-1");
        assertThat(run.startedAt()).hasValue(200);
    }
}
