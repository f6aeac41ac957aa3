package dev.sluice.digest;

import dev.sluice.protocol.ClientReportItem;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.SessionAggregateItem;
import dev.sluice.protocol.SessionItem;
import dev.sluice.store.SessionWrites;
import dev.sluice.store.SessionWrites.Bucket;
import dev.sluice.store.SessionWrites.Counts;
import dev.sluice.store.WriteTx;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Release health: sessions counted per release, environment and started hour in exclusive outcomes (healthy,
 * errored, abnormal, crashed). A session's updates move it to a worse outcome, never count it twice, and never
 * make it better again (a crash stays a crash); aggregates add their counts. Counter deltas are summed per
 * bucket before writing, because one upsert may not name a key twice. Client reports (SDK-side drops) are
 * summed per UTC day, reason and category the same way.
 */
final class SessionDigest implements FamilyDigest {

    private static final List<String> SEVERITY = List.of("healthy", "errored", "abnormal", "crashed");

    private final Clock clock;

    SessionDigest(Clock clock) {
        this.clock = clock;
    }

    /** The outcome a session update stands for (pure). */
    static String outcome(String status, long errors) {
        return switch (status) {
            case "crashed" -> "crashed";
            case "abnormal" -> "abnormal";
            case "errored" -> "errored";
            default -> errors > 0 ? "errored" : "healthy";
        };
    }

    static String worse(String a, String b) {
        return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
    }

    @Override
    public void apply(WriteTx tx, List<IngestBatch> batches, ItemOutcome[][] outcomes) {
        Map<Bucket, Counts> deltas = new LinkedHashMap<>();
        Map<List<Object>, Long> discarded = new LinkedHashMap<>();
        TreeSet<String> locks = new TreeSet<>();
        for (IngestBatch batch : batches) {
            for (Item item : batch.items()) {
                if (item instanceof SessionItem s) {
                    locks.add("session:" + batch.project().value() + ":" + s.sessionId());
                }
            }
        }
        if (!locks.isEmpty()) {
            tx.lock(locks);
        }
        SessionWrites sessions = tx.sessions();
        long now = clock.millis();
        for (int b = 0; b < batches.size(); b++) {
            IngestBatch batch = batches.get(b);
            for (int i = 0; i < batch.items().size(); i++) {
                if (outcomes[b][i] != null) {
                    continue; // a resent copy (Resends)
                }
                switch (batch.items().get(i)) {
                    case SessionItem s -> {
                        session(sessions, batch, s, now, deltas);
                        outcomes[b][i] = ItemOutcome.STORED;
                    }
                    case SessionAggregateItem a -> {
                        deltas.merge(bucket(batch.project(), a.release(), a.environment(), a.timestamp(), batch),
                                new Counts(a.exited(), a.errored(), a.abnormal(), a.crashed()), Counts::plus);
                        outcomes[b][i] = ItemOutcome.STORED;
                    }
                    case ClientReportItem r -> {
                        long day = Instant.ofEpochMilli(Timestamps.occurredAt(r.timestamp(), batch.receivedAt()))
                                .truncatedTo(java.time.temporal.ChronoUnit.DAYS).toEpochMilli();
                        discarded.merge(List.of(batch.project(), day, r.reason(), r.category()), r.quantity(),
                                Long::sum);
                        outcomes[b][i] = ItemOutcome.STORED;
                    }
                    default -> { }
                }
            }
        }
        discarded.forEach((k, n) -> sessions.addDiscarded((ProjectId) k.get(0), (Long) k.get(1), (String) k.get(2),
                (String) k.get(3), n));
        deltas.forEach((bucket, counts) -> {
            if (!counts.equals(new Counts(0, 0, 0, 0))) {
                sessions.add(bucket, counts);
            }
        });
    }

    private static void session(SessionWrites sessions, IngestBatch batch, SessionItem s, long now,
                                Map<Bucket, Counts> deltas) {
        String outcome = outcome(s.status(), s.errors());
        Optional<SessionWrites.SessionState> known = sessions.session(batch.project(), s.sessionId());
        if (known.isEmpty()) {
            Bucket bucket = bucket(batch.project(), s.release(), s.environment(), s.timestamp(), batch);
            sessions.putSession(new SessionWrites.SessionState(bucket, s.sessionId(), outcome, now));
            deltas.merge(bucket, Counts.one(outcome, 1), Counts::plus);
            return;
        }
        String before = known.get().outcome();
        String after = worse(before, outcome);
        if (!after.equals(before)) {
            Bucket bucket = known.get().bucket();
            sessions.putSession(new SessionWrites.SessionState(bucket, s.sessionId(), after, now));
            deltas.merge(bucket, Counts.one(before, -1).plus(Counts.one(after, 1)), Counts::plus);
        }
    }

    private static Bucket bucket(ProjectId project, String release, Optional<String> environment,
                                 Optional<String> started, IngestBatch batch) {
        long at = Timestamps.occurredAt(started, batch.receivedAt());
        return new Bucket(project, release, environment.orElse(""), Instant.ofEpochMilli(at)
                .truncatedTo(java.time.temporal.ChronoUnit.HOURS).toEpochMilli());
    }
}
