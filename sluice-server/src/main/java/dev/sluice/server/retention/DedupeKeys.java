package dev.sluice.server.retention;

import dev.sluice.store.DataFamily;
import dev.sluice.store.Project;
import dev.sluice.store.RetentionWrites;
import dev.sluice.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The purge of resend keys ({@link DataFamily#DEDUPE_KEYS}): one paced pass over the table for every project,
 * each with its own cutoff, rather than a pass per project — the table has no per-project time index (see
 * {@code DedupeKeyPurge} in the store). Keys of projects no longer listed go after the default window.
 */
final class DedupeKeys {

    /** Keys are tiny: a batch may hold more of them than of a data family's rows. */
    private static final int MAX_BATCH = 20_000;

    private DedupeKeys() {
    }

    /**
     * Deletes every project's keys older than its {@code days}; answers one result per project. {@code breathe}
     * takes the pause after a batch (nanos) and answers false when the run must stop.
     */
    static List<RetentionRunner.Result> purge(Store store, Map<Project, Integer> days, long now,
                                              LongPredicate breathe, Duration pause) {
        Map<String, Long> cutoffs = new LinkedHashMap<>();
        days.forEach((p, d) -> cutoffs.put(p.id().value(), now - Duration.ofDays(d).toMillis()));
        long other = now - Duration.ofDays(Math.max(DataFamily.DEDUPE_FLOOR_DAYS, DataFamily.DEFAULT_DAYS)).toMillis();
        Map<String, Long> deleted = new HashMap<>();
        if (!cutoffs.isEmpty()) {
            Pacer pacer = new Pacer(RetentionRunner.BATCH, 50, MAX_BATCH, Duration.ofMillis(RetentionRunner.TARGET_MS),
                    pause);
            Optional<String> after = Optional.empty();
            while (true) {
                Optional<String> from = after;
                int limit = pacer.size();
                long t0 = System.nanoTime();
                RetentionWrites.KeysPurged p = store.write(tx -> tx.retention().purgeDedupeKeys(cutoffs, other,
                        from, limit));
                long took = System.nanoTime() - t0;
                p.deleted().forEach((project, n) -> deleted.merge(project, n, Long::sum));
                if (p.scanned() < limit) {
                    break;
                }
                after = p.after();
                if (!breathe.test(pacer.done(took))) {
                    break;
                }
            }
        }
        List<RetentionRunner.Result> out = new ArrayList<>();
        days.forEach((p, d) -> out.add(new RetentionRunner.Result(p.name(), DataFamily.DEDUPE_KEYS, d, 0, -1,
                cutoffs.get(p.id().value()), false, deleted.getOrDefault(p.id().value(), 0L))));
        return out;
    }
}
