package dev.sluice.digest;

import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.Ids;
import dev.sluice.protocol.IngestBatch;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.HeartbeatOutcome;
import dev.sluice.protocol.ItemOutcome;
import dev.sluice.protocol.WorkerHeartbeatItem;
import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.JobEventItem;
import dev.sluice.protocol.JobItem;
import dev.sluice.protocol.LineageItem;
import dev.sluice.protocol.JobStatus;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.ErrorEventRow;
import dev.sluice.store.JobEventRow;
import dev.sluice.store.JobSettings;
import dev.sluice.store.JobWrites;
import dev.sluice.store.LineageEdge;
import dev.sluice.store.WriteTx;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Background-job telemetry (TraceStax): exact dedupe of re-sent task events on (task id, status, worker,
 * attempt), run assembly, failed attempts grouped into issues, the monthly usage count, worker liveness,
 * queue depths, lineage and dumps, all in the commit's transaction.
 */
final class JobDigest implements FamilyDigest {

    private static final String LINEAGE_PLAN = "starter";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private final Ids ids;
    private final IssueLifecycle lifecycle;

    JobDigest(Ids ids, IssueLifecycle lifecycle) {
        this.ids = ids;
        this.lifecycle = lifecycle;
    }

    private record EventKey(ProjectId project, JobEnv env, String taskId, String status, String worker, int attempt) {
    }

    private record RunKey(ProjectId project, JobEnv env, String taskId) {
    }

    private record Pending(int batch, int item, ProjectId project, long at, JobEventItem event, JobEventRow row) {
    }

    @Override
    public void apply(WriteTx tx, List<IngestBatch> batches, ItemOutcome[][] outcomes) {
        JobWrites jobs = tx.jobs();
        Map<EventKey, Pending> events = new LinkedHashMap<>();
        List<Pending> repeats = new ArrayList<>();
        JobSideDigest side = new JobSideDigest(ids);
        Map<ProjectId, JobSettings> plans = new HashMap<>();
        for (int b = 0; b < batches.size(); b++) {
            IngestBatch batch = batches.get(b);
            long at = batch.receivedAt().toEpochMilli();
            for (int i = 0; i < batch.items().size(); i++) {
                Item item = batch.items().get(i);
                if (!(item instanceof JobItem job)) {
                    continue;
                }
                if (job instanceof JobEventItem e) {
                    Pending p = new Pending(b, i, batch.project(), at, e, row(batch.project(), e, at));
                    EventKey key = new EventKey(batch.project(), e.env(), e.taskId(), e.status(), e.worker().key(),
                            e.attempt());
                    if (events.putIfAbsent(key, p) != null) {
                        repeats.add(p);
                    }
                } else if (job instanceof LineageItem && !plans.computeIfAbsent(batch.project(), jobs::settings)
                        .atLeast(LINEAGE_PLAN)) {
                    outcomes[b][i] = lineageNotInPlan(plans.get(batch.project()));
                } else {
                    side.add(batch.project(), job, batch.receivedAt());
                    outcomes[b][i] = job instanceof WorkerHeartbeatItem h
                            ? commands(jobs, batch.project(), h, at) : ItemOutcome.STORED;
                }
            }
        }
        Set<String> inserted = jobs.insertEvents(events.values().stream().map(Pending::row).toList());
        List<Pending> fresh = new ArrayList<>();
        for (Pending p : events.values()) {
            boolean isNew = inserted.contains(p.row.id());
            outcomes[p.batch][p.item] = isNew ? ItemOutcome.STORED : ItemOutcome.DUPLICATE;
            if (isNew) {
                fresh.add(p);
            }
        }
        repeats.forEach(p -> outcomes[p.batch][p.item] = ItemOutcome.DUPLICATE);
        Map<Pending, String> issueOf = issues(tx, fresh);
        Map<RunKey, RunFold> runs = new LinkedHashMap<>();
        Map<ProjectId, Map<String, Long>> usage = new LinkedHashMap<>();
        for (Pending p : fresh) {
            JobEventItem e = p.event;
            runs.computeIfAbsent(new RunKey(p.project, e.env(), e.taskId()), k -> new RunFold(p.project))
                    .add(e, p.at, Optional.ofNullable(issueOf.get(p)));
            if (e.env() == JobEnv.LIVE) {
                usage.computeIfAbsent(p.project, k -> new LinkedHashMap<>())
                        .merge(MONTH.format(java.time.Instant.ofEpochMilli(p.at)), 1L, Long::sum);
            }
            e.parentId().ifPresent(parent -> side.edge(new LineageEdge(p.project, e.env(), parent, e.taskId(),
                    e.chainId(), Optional.of(e.taskName()), p.at)));
        }
        jobs.upsertRuns(runs.values().stream().map(RunFold::toUpsert).toList());
        usage.forEach((project, byMonth) -> byMonth.forEach((month, n) -> jobs.addUsage(project, month, n)));
        side.write(jobs);
    }

    /**
     * Lineage is a feature of the starter plan and up (TraceStax's 402 {@code feature_not_available}), decided
     * against the settings this commit sees, like the quota.
     */
    private static ItemOutcome.Rejected lineageNotInPlan(JobSettings settings) {
        return new ItemOutcome.Rejected(402, "feature_not_available", "lineage needs the " + LINEAGE_PLAN
                + " plan or higher (this project: " + settings.planTier() + ")");
    }

    /**
     * The commands queued for the heartbeat's worker, taken (marked delivered) in this transaction: the
     * heartbeat's answer carries them, and they are delivered exactly when the heartbeat is durable.
     */
    private static HeartbeatOutcome commands(JobWrites jobs, ProjectId project, WorkerHeartbeatItem h, long at) {
        return new HeartbeatOutcome(jobs.takeCommands(project, h.env(), h.worker().key(), at).stream()
                .map(c -> new HeartbeatOutcome.Command(c.id(), c.type())).toList());
    }

    private JobEventRow row(ProjectId project, JobEventItem e, long at) {
        return new JobEventRow(ids.next(), project, e.env(), e.taskId(), e.status(), e.worker().key(), e.attempt(),
                e.taskName(), e.queue(), e.framework(), e.language(), e.durationMs(), e.queuedMs(),
                e.error().map(x -> x.type()), e.error().flatMap(x -> x.message()), at);
    }

    /**
     * Failed live attempts with an error become occurrences of issues (by the project's grouping rule). Test-key data stays out:
     * issues have no environment space of their own, and test keys must have no dashboard effects.
     */
    private Map<Pending, String> issues(WriteTx tx, List<Pending> fresh) {
        Map<ProjectId, Map<String, IssueTally>> tallies = new LinkedHashMap<>();
        List<Pending> failing = new ArrayList<>();
        Map<Pending, ErrorItem> items = new LinkedHashMap<>();
        Map<Pending, Grouping.Group> groups = new LinkedHashMap<>();
        GroupingRules rules = null;
        for (Pending p : fresh) {
            JobEventItem e = p.event;
            if (e.env() != JobEnv.LIVE || !JobStatus.isFailure(e.status()) || e.error().isEmpty()) {
                continue;
            }
            ErrorItem item = JobErrors.toErrorItem(e, e.error().get());
            if (rules == null) {
                rules = new GroupingRules(tx, p.at);
            }
            Grouping.Group group = rules.group(p.project, item);
            groups.put(p, group);
            tallies.computeIfAbsent(p.project, k -> new LinkedHashMap<>())
                    .computeIfAbsent(group.fingerprint(), f -> new IssueTally(ids.next(), group)).add(p.at);
            failing.add(p);
            items.put(p, item);
        }
        Map<Pending, String> out = new LinkedHashMap<>();
        if (failing.isEmpty()) {
            return out;
        }
        Map<ProjectId, Map<String, String>> issueIds = new LinkedHashMap<>();
        tallies.forEach((project, byFingerprint) -> issueIds.put(project, lifecycle.apply(tx, project,
                byFingerprint.values().stream().map(IssueTally::toUpsert).toList(), failing.stream()
                        .filter(p -> p.project.equals(project))
                        .map(p -> new IssueLifecycle.Hit(groups.get(p).fingerprint(), items.get(p),
                                Optional.empty(), Optional.empty())).toList())));
        List<ErrorEventRow> rows = new ArrayList<>();
        for (Pending p : failing) {
            ErrorItem item = items.get(p);
            Grouping.Group group = groups.get(p);
            String issueId = issueIds.get(p.project).get(group.fingerprint());
            out.put(p, issueId);
            rows.add(new ErrorEventRow(ids.next(), p.project, issueId, p.at, p.at, Optional.empty(), group.level(),
                    Optional.empty(), Optional.empty(), item.detailJson()));
        }
        tx.insertErrorEvents(rows);
        return out;
    }

    /** One issue's job failures within this commit. */
    private static final class IssueTally {
        private final String newId;
        private final Grouping.Group group;
        private long count;
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;

        IssueTally(String newId, Grouping.Group group) {
            this.newId = newId;
            this.group = group;
        }

        void add(long at) {
            count++;
            first = Math.min(first, at);
            last = Math.max(last, at);
        }

        dev.sluice.store.IssueUpsert toUpsert() {
            return new dev.sluice.store.IssueUpsert(newId, group.ruleVersion(), group.fingerprint(), group.title(),
                    group.level(), count, first, last, Optional.empty(), Optional.empty());
        }
    }
}
