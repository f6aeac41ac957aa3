package dev.sluice.digest;

import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.IssueFacet;
import dev.sluice.store.IssueState;
import dev.sluice.store.IssueUpsert;
import dev.sluice.store.IssueWrites;
import dev.sluice.store.WriteTx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where every error occurrence's issue is decided, whatever protocol it came by: upserts the issues, sends
 * occurrences of merged issues to their target, applies {@link IssueRules} (regressions, ends of ignores),
 * records the facets the list filters use, and tells the observers (alerts) — all in the caller's
 * transaction, so a decision commits with the events that caused it.
 */
final class IssueLifecycle {

    /** One occurrence, as the lifecycle needs it. */
    record Hit(String fingerprint, ErrorItem item, Optional<String> release, Optional<String> environment) {
    }

    private final Clock clock;
    private final List<IssueObserver> observers;

    IssueLifecycle(Clock clock, List<IssueObserver> observers) {
        this.clock = clock;
        this.observers = List.copyOf(observers);
    }

    /** Upserts {@code upserts} (one per fingerprint) with their {@code hits}; answers issue id by fingerprint. */
    Map<String, String> apply(WriteTx tx, ProjectId project, List<IssueUpsert> upserts, List<Hit> hits) {
        long now = clock.millis();
        IssueWrites writes = tx.issues();
        Map<String, IssueUpsert> byFingerprint = new HashMap<>();
        upserts.forEach(u -> byFingerprint.put(u.fingerprint(), u));
        Map<String, IssueState> states = new LinkedHashMap<>(writes.upsert(project, upserts));
        states.replaceAll((fp, s) -> s.mergedInto().isPresent()
                ? writes.redirect(s.id(), s.mergedInto().get(), byFingerprint.get(fp)) : s);
        Map<String, List<Hit>> hitsBy = new LinkedHashMap<>();
        hits.forEach(h -> hitsBy.computeIfAbsent(h.fingerprint(), f -> new ArrayList<>()).add(h));

        Map<String, String> messages = new HashMap<>();
        Set<IssueFacet> facets = new LinkedHashSet<>();
        List<String> regressed = new ArrayList<>();
        List<String> escalating = new ArrayList<>();
        List<IssueActivity> activity = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (Map.Entry<String, IssueState> e : states.entrySet()) {
            IssueState s = e.getValue();
            List<Hit> own = hitsBy.getOrDefault(e.getKey(), List.of());
            ids.put(e.getKey(), s.id());
            Set<String> releases = new LinkedHashSet<>();
            for (Hit h : own) {
                h.release().ifPresent(r -> {
                    releases.add(r);
                    facets.add(new IssueFacet(s.id(), "release", r));
                });
                h.environment().ifPresent(env -> facets.add(new IssueFacet(s.id(), "environment", env)));
            }
            if (s.created() && !own.isEmpty()) {
                messages.put(s.id(), message(own.get(0).item()));
            }
            long usersSeen = s.ignoreUsersSeen();
            if (s.status().equals("ignored") && s.ignoreUserCount().isPresent()) {
                Set<String> users = new LinkedHashSet<>();
                own.forEach(h -> UserKeys.of(h.item().detailJson()).ifPresent(users::add));
                usersSeen = writes.addUsers(s.id(), users);
            }
            IssueRules.Transition t = IssueRules.decide(s, releases, usersSeen, now);
            switch (t) {
                case REGRESSED -> regressed.add(s.id());
                case ESCALATING -> escalating.add(s.id());
                case NONE -> { }
            }
            long occurrences = byFingerprint.containsKey(e.getKey()) ? byFingerprint.get(e.getKey()).count() : 0;
            activity.add(new IssueActivity(project, s.id(), s.title(), s.level(), s.created(), t, occurrences,
                    s.eventCount()));
        }
        writes.setMessages(messages);
        writes.addFacets(facets);
        writes.reopen(regressed, "regressed", now);
        writes.reopen(escalating, "escalating", now);
        if (!activity.isEmpty()) {
            observers.forEach(o -> o.observe(tx, activity, now));
        }
        return ids;
    }

    /** The text searched beside the title: the top-level message, else the exception's value. */
    static String message(ErrorItem item) {
        return item.message().or(item::exceptionValue).orElse("");
    }
}
