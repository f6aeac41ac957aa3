package dev.sluice.digest;

import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.GenerationItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.TransactionItem;
import dev.sluice.store.ErrorEventRow;
import dev.sluice.store.GenerationRow;
import dev.sluice.store.IssueUpsert;
import dev.sluice.store.TransactionRow;
import dev.sluice.store.WriteTx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Errors, transactions and AI generations (Open Sentry's items): exact dedupe, grouping errors into issues
 * (aggregated per fingerprint first, because one multi-row upsert may not name a key twice), then the rows.
 */
final class TelemetryDigest implements FamilyDigest {

    private final Clock clock;
    private final Ids ids;
    private final PriceTable prices;
    private final IssueLifecycle lifecycle;

    TelemetryDigest(Clock clock, Ids ids, PriceTable prices, IssueLifecycle lifecycle) {
        this.clock = clock;
        this.ids = ids;
        this.prices = prices;
        this.lifecycle = lifecycle;
    }

    static boolean handles(Item item) {
        return item instanceof ErrorItem || item instanceof TransactionItem || item instanceof GenerationItem;
    }

    @Override
    public void apply(WriteTx tx, List<IngestBatch> batches, ItemOutcome[][] outcomes) {
        long now = clock.millis();
        Map<ProjectId, Set<String>> fresh = claimKeys(tx, batches, now);
        GroupingRules rules = new GroupingRules(tx, now);
        Map<ProjectId, Map<String, IssueAggregate>> issues = new LinkedHashMap<>();
        List<PendingError> errors = new ArrayList<>();
        List<TransactionRow> transactions = new ArrayList<>();
        List<GenerationRow> generations = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            IngestBatch batch = batches.get(b);
            Set<String> freshKeys = fresh.getOrDefault(batch.project(), Set.of());
            long received = batch.receivedAt().toEpochMilli();
            for (int i = 0; i < batch.items().size(); i++) {
                Item item = batch.items().get(i);
                if (!handles(item)) {
                    continue;
                }
                // A key is "fresh" once: the first item holding it is stored, later ones (same batch) are not.
                if (item.dedupeKey().isPresent() && !freshKeys.remove(namespaced(item))) {
                    outcomes[b][i] = ItemOutcome.DUPLICATE;
                    continue;
                }
                outcomes[b][i] = ItemOutcome.STORED;
                long occurred = Timestamps.occurredAt(item.timestamp(), batch.receivedAt());
                switch (item) {
                    case ErrorItem e -> {
                        Grouping.Group group = rules.group(batch.project(), e);
                        issues.computeIfAbsent(batch.project(), p -> new LinkedHashMap<>())
                                .computeIfAbsent(group.fingerprint(), f -> new IssueAggregate(ids.next(), group))
                                .add(e, occurred);
                        errors.add(new PendingError(batch.project(), e, group, received, occurred));
                    }
                    case TransactionItem t -> transactions.add(new TransactionRow(ids.next(), batch.project(),
                            t.name(), t.traceId(), t.durationMs(), t.status(), t.environment(), t.release(),
                            received, occurred, t.timestamp(), t.spans(), t.spanId(), t.parentSpanId()));
                    case GenerationItem g -> {
                        PriceTable.Resolved cost = prices.resolve(g);
                        generations.add(new GenerationRow(ids.next(), batch.project(), g, received, occurred,
                                cost.cost(), cost.source()));
                    }
                    default -> throw new IllegalStateException("not a telemetry item: " + item);
                }
            }
        }
        Map<ProjectId, Map<String, String>> issueIds = new LinkedHashMap<>();
        issues.forEach((project, byFingerprint) -> issueIds.put(project, lifecycle.apply(tx, project,
                byFingerprint.values().stream().map(IssueAggregate::toUpsert).toList(), hits(errors, project))));
        List<ErrorEventRow> errorRows = new ArrayList<>(errors.size());
        for (PendingError p : errors) {
            String issueId = issueIds.get(p.project).get(p.group.fingerprint());
            errorRows.add(new ErrorEventRow(ids.next(), p.project, issueId, p.received, p.occurred,
                    p.item.timestamp(), p.group.level(), p.item.environment(), p.item.release(),
                    p.item.detailJson()));
        }
        tx.insertErrorEvents(errorRows);
        // Pieces of traces with span identity (OTLP) are joined one by one, in arrival order, so a later piece
        // of the same commit finds an earlier one; a fragment is no transaction of its own, so no histogram.
        // Nodes sharing PostgreSQL lock the trace first, so two pieces committed at once still see each other.
        tx.insertTransactions(transactions.stream().filter(t -> t.spanId().isEmpty()).toList());
        java.util.TreeSet<String> traceLocks = new java.util.TreeSet<>();
        transactions.stream().filter(t -> t.spanId().isPresent())
                .forEach(t -> traceLocks.add("trace:" + t.project().value() + ":" + t.traceId()));
        if (!traceLocks.isEmpty()) {
            tx.lock(traceLocks);
        }
        transactions.stream().filter(t -> t.spanId().isPresent()).forEach(t -> tx.traces().insert(t));
        tx.addTransactionHistograms(TransactionHistograms.of(transactions.stream().filter(t -> !t.fragment()).toList()));
        tx.insertGenerations(generations);
    }

    private static List<IssueLifecycle.Hit> hits(List<PendingError> errors, ProjectId project) {
        return errors.stream().filter(p -> p.project.equals(project)).map(p -> new IssueLifecycle.Hit(
                p.group.fingerprint(), p.item, p.item.release(), p.item.environment())).toList();
    }

    private static Map<ProjectId, Set<String>> claimKeys(WriteTx tx, List<IngestBatch> batches, long now) {
        Map<ProjectId, Set<String>> wanted = new LinkedHashMap<>();
        for (IngestBatch batch : batches) {
            for (Item item : batch.items()) {
                if (handles(item) && item.dedupeKey().isPresent()) {
                    wanted.computeIfAbsent(batch.project(), p -> new LinkedHashSet<>()).add(namespaced(item));
                }
            }
        }
        Map<ProjectId, Set<String>> fresh = new LinkedHashMap<>();
        wanted.forEach((project, keys) -> fresh.put(project, new HashSet<>(tx.claimDedupeKeys(project, keys, now))));
        return fresh;
    }

    /** Keys of different item kinds never collide. */
    private static String namespaced(Item item) {
        String kind = switch (item) {
            case ErrorItem e -> "error:";
            case TransactionItem t -> "transaction:";
            case GenerationItem g -> "generation:";
            default -> throw new IllegalStateException("not a telemetry item: " + item);
        };
        return kind + item.dedupeKey().orElseThrow();
    }

    private record PendingError(ProjectId project, ErrorItem item, Grouping.Group group, long received,
                                long occurred) {
    }

    /** One issue's occurrences within this apply. */
    private static final class IssueAggregate {
        private final String newId;
        private final Grouping.Group group;
        private long count;
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;
        private String level;
        private ErrorItem latest;

        IssueAggregate(String newId, Grouping.Group group) {
            this.newId = newId;
            this.group = group;
            this.level = group.level();
        }

        void add(ErrorItem item, long occurred) {
            count++;
            first = Math.min(first, occurred);
            if (occurred >= last) {
                last = occurred;
                latest = item;
                level = Grouping.level(item);
            }
        }

        IssueUpsert toUpsert() {
            return new IssueUpsert(newId, group.ruleVersion(), group.fingerprint(), group.title(), level, count,
                    first, last, latest.release(), latest.environment());
        }
    }
}
