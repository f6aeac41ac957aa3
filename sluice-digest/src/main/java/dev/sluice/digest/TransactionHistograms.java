package dev.sluice.digest;

import dev.sluice.store.DurationBuckets;
import dev.sluice.store.TransactionHistogram;
import dev.sluice.store.TransactionRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds a commit's transactions into one histogram entry per (project, name, hour): the store upserts each
 * key once (engines disagree on a key repeated in one upsert), in a fixed order so concurrent writers on
 * PostgreSQL take their row locks in the same sequence.
 */
final class TransactionHistograms {

    static final long HOUR = 3_600_000L;

    private TransactionHistograms() {
    }

    static List<TransactionHistogram> of(List<TransactionRow> rows) {
        record Key(String project, String name, long hour) {
        }
        final class Acc {
            long count;
            long errors;
            long last = Long.MIN_VALUE;
            final Map<Integer, Long> buckets = new HashMap<>();
        }
        Map<Key, Acc> acc = new TreeMap<>(Comparator.comparing(Key::project).thenComparingLong(Key::hour)
                .thenComparing(Key::name));
        Map<Key, dev.sluice.protocol.ProjectId> projects = new HashMap<>();
        for (TransactionRow r : rows) {
            Key key = new Key(r.project().value(), r.name(), Math.floorDiv(r.occurredAt(), HOUR) * HOUR);
            projects.putIfAbsent(key, r.project());
            Acc a = acc.computeIfAbsent(key, k -> new Acc());
            a.count++;
            a.errors += "ok".equals(r.status()) ? 0 : 1;
            a.last = Math.max(a.last, r.occurredAt());
            a.buckets.merge(DurationBuckets.bucket(r.durationMs()), 1L, Long::sum);
        }
        List<TransactionHistogram> out = new ArrayList<>(acc.size());
        acc.forEach((k, a) -> out.add(new TransactionHistogram(projects.get(k), k.name(), k.hour(), a.count,
                a.errors, a.last, a.buckets)));
        return out;
    }
}
