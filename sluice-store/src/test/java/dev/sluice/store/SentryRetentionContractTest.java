package dev.sluice.store;

import static dev.sluice.store.RetentionAndLogsContractTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.AttachmentItem;
import dev.sluice.protocol.ProjectId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention of Sentry's extra items on SQLite and PostgreSQL: check-ins and attachments by arrival (their
 * UUIDv7 id), session states and client reports by their own time column; other projects untouched.
 */
class SentryRetentionContractTest extends OnBothStores {

    private static AttachmentItem attachment(int bytes) {
        return new AttachmentItem(Optional.of("e1"), "dump.bin", "application/octet-stream", "event.attachment",
                new byte[bytes]);
    }

    private static CheckInRow checkIn(String id, ProjectId project, long at) {
        return new CheckInRow(id, project, "m1", Optional.empty(), "ok", at, OptionalLong.of(at + 5),
                OptionalDouble.of(5), Optional.empty(), Optional.empty(), at, at + 60_000);
    }

    private ProjectId other;

    @BeforeEach
    void otherProject() {
        other = db.store.createProject("p2", 1000).id();
    }

    private RetentionWrites.Purged purge(DataFamily family, long cutoff) {
        return db.store.write(tx -> tx.retention().purgeBatch(db.project, family, cutoff, Optional.empty(), 100));
    }

    @Test
    void checkInsAndAttachmentsPastTheCutoffGoOtherProjectsStay() {
        db.store.write(tx -> {
            tx.attachments().insert(List.of(new AttachmentRow(id(1_000, 1), db.project, 1_000, attachment(300_000)),
                    new AttachmentRow(id(9_000, 2), db.project, 9_000, attachment(10)),
                    new AttachmentRow(id(1_000, 3), other, 1_000, attachment(10))));
            tx.monitors().insertCheckIn(checkIn(id(1_000, 4), db.project, 1_000));
            tx.monitors().insertCheckIn(checkIn(id(2_000, 5), db.project, 2_000));
            tx.monitors().insertCheckIn(checkIn(id(9_000, 6), db.project, 9_000));
            tx.monitors().insertCheckIn(checkIn(id(1_000, 7), other, 1_000));
            return null;
        });
        AttachmentWrites.Quota before = db.store.write(tx -> tx.attachments().quota(db.project));
        assertThat(before).isEqualTo(new AttachmentWrites.Quota(AttachmentWrites.DEFAULT_MAX_BYTES, 300_010));
        assertThat(purge(DataFamily.ATTACHMENTS, 5_000).deleted()).isEqualTo(1);
        // The quota gets the purged bytes back.
        long left = db.store.write(tx -> tx.attachments().quota(db.project)).usedBytes();
        long others = db.store.write(tx -> tx.attachments().quota(other)).usedBytes();
        assertThat(left).isEqualTo(10);
        assertThat(others).isEqualTo(10);
        assertThat(purge(DataFamily.CHECK_INS, 5_000).deleted()).isEqualTo(2);
        assertThat(db.rows("SELECT id FROM attachments ORDER BY id")).containsExactly(List.of(id(1_000, 3)),
                List.of(id(9_000, 2)));
        assertThat(db.rows("SELECT id FROM monitor_checkins ORDER BY id")).containsExactly(List.of(id(1_000, 7)),
                List.of(id(9_000, 6)));
    }

    @Test
    void sessionStatesAndClientReportsGoByTheirOwnTimeInBatches() {
        db.store.write(tx -> {
            for (int i = 0; i < 5; i++) {
                tx.sessions().putSession(new SessionWrites.SessionState(new SessionWrites.Bucket(db.project, "r1", "",
                        0), "s" + i, "healthy", 1_000 + i));
            }
            tx.sessions().putSession(new SessionWrites.SessionState(new SessionWrites.Bucket(db.project, "r1", "", 0),
                    "late", "healthy", 9_000));
            tx.sessions().putSession(new SessionWrites.SessionState(new SessionWrites.Bucket(other, "r1", "", 0),
                    "s0", "healthy", 1_000));
            tx.sessions().addDiscarded(db.project, 0, "queue_overflow", "error", 3);
            tx.sessions().addDiscarded(db.project, 0, "ratelimit_backoff", "attachment", 1);
            tx.sessions().addDiscarded(db.project, 86_400_000, "queue_overflow", "error", 2);
            return null;
        });
        RetentionWrites.Purged first = db.store.write(tx -> tx.retention().purgeBatch(db.project, DataFamily.SESSIONS,
                5_000, Optional.empty(), 3));
        assertThat(first.scanned()).isEqualTo(3);
        RetentionWrites.Purged second = db.store.write(tx -> tx.retention().purgeBatch(db.project, DataFamily.SESSIONS,
                5_000, first.after(), 3));
        assertThat(second.deleted()).isEqualTo(2);
        assertThat(db.rows("SELECT project_id, session_id FROM session_states ORDER BY project_id, session_id"))
                .containsExactlyInAnyOrder(List.of(db.project.value(), "late"), List.of(other.value(), "s0"));
        // Release-health counts are an aggregate: they outlive the sessions, like issues outlive events.
        assertThat(db.count("release_health")).isZero(); // putSession alone adds no counts
        assertThat(db.store.write(tx -> tx.retention().purgeBatch(db.project, DataFamily.CLIENT_REPORTS, 1_000,
                Optional.empty(), 100)).deleted()).isEqualTo(2);
        assertThat(db.rows("SELECT day, quantity FROM client_discards")).containsExactly(List.of("86400000", "2"));
    }
}
