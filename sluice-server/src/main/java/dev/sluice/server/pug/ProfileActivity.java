package dev.sluice.server.pug;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.pug.proto.shared.activity.v1.HeatmapDay;
import dev.sluice.pug.proto.shared.activity.v1.ProfileStats;
import dev.sluice.pug.proto.shared.profiles.v1.ProfileActivitySummary;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.analytics.AnalyticsViews.EventScan;
import dev.sluice.query.analytics.AnalyticsViews.EventView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a person did, over the events of every distinct id of their profile: first/last seen, counts, and the
 * device facts of the latest event (the {@code $browser}, {@code $os}, … auto properties when clients send them).
 */
final class ProfileActivity {

    static final Set<String> PAGEVIEW_KINDS = Set.of("page_view", "pageview", "$pageview", "screen_view");

    private final AnalyticsQueries queries;

    ProfileActivity(AnalyticsQueries queries) {
        this.queries = queries;
    }

    /** The distinct ids of a person: the profile's aliases when {@code distinctId} resolves, else itself. */
    Set<String> identities(ProjectId project, String distinctId) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(distinctId);
        queries.resolve(project, distinctId).ifPresent(p -> ids.addAll(queries.aliases(project, p)));
        return ids;
    }

    Optional<ProfileActivitySummary> summary(ProjectId project, String profileId) {
        List<String> ids = queries.aliases(project, profileId);
        return ids.isEmpty() ? Optional.empty() : facts(project, Set.copyOf(ids)).map(f -> {
            ProfileActivitySummary.Builder b = ProfileActivitySummary.newBuilder()
                    .setFirstSeen(Props.ts(f.first)).setLastSeen(Props.ts(f.last)).setTotalEvents(f.total)
                    .setPageviews(f.pageviews).setSessions(f.sessions.size());
            b.setBrowser(f.auto("$browser")).setBrowserVersion(f.auto("$browser_version")).setOs(f.auto("$os"))
                    .setOsVersion(f.auto("$os_version")).setDevice(f.auto("$device")).setCountry(f.auto("$country"))
                    .setRegion(f.auto("$region")).setCity(f.auto("$city"));
            return b.build();
        });
    }

    Optional<ProfileStats> stats(ProjectId project, Set<String> ids) {
        return facts(project, ids).map(f -> ProfileStats.newBuilder().setFirstSeen(Props.ts(f.first))
                .setLastSeen(Props.ts(f.last)).setTotalEvents(f.total).setBrowser(f.auto("$browser"))
                .setBrowserVersion(f.auto("$browser_version")).setOs(f.auto("$os"))
                .setOsVersion(f.auto("$os_version")).setDevice(f.auto("$device")).setCountry(f.auto("$country"))
                .setCity(f.auto("$city")).build());
    }

    /** Events per UTC day in [from, to), days with events only, oldest first. */
    List<HeatmapDay> heatmap(ProjectId project, Set<String> ids, long from, long to) {
        TreeMap<String, Long> days = new TreeMap<>();
        queries.scan(project, new EventScan(from, to, ids, "", Set.of(), false), e -> {
            days.merge(Instant.ofEpochMilli(e.occurredAt()).atZone(ZoneOffset.UTC).toLocalDate().toString(), 1L, Long::sum);
            return true;
        });
        List<HeatmapDay> out = new ArrayList<>();
        days.forEach((d, n) -> out.add(HeatmapDay.newBuilder().setDate(d).setCount(n).build()));
        return out;
    }

    private Optional<Facts> facts(ProjectId project, Set<String> ids) {
        Facts f = new Facts();
        queries.scan(project, new EventScan(Long.MIN_VALUE, Long.MAX_VALUE, ids, "", Set.of(), false), e -> {
            f.add(e);
            return true;
        });
        return f.total == 0 ? Optional.empty() : Optional.of(f);
    }

    private static final class Facts {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long total;
        long pageviews;
        final Set<String> sessions = new HashSet<>();
        EventView latest;
        ObjectNode latestAuto;

        void add(EventView e) {
            first = Math.min(first, e.occurredAt());
            if (e.occurredAt() >= last) {
                last = e.occurredAt();
                latest = e;
                latestAuto = null;
            }
            total++;
            if (PAGEVIEW_KINDS.contains(e.kind())) {
                pageviews++;
            }
            if (!e.sessionId().isEmpty()) {
                sessions.add(e.sessionId());
            }
        }

        String auto(String key) {
            if (latestAuto == null) {
                latestAuto = Props.parse(latest.autoPropertiesJson());
            }
            return latestAuto.path(key).isValueNode() ? Props.text(latestAuto.path(key)) : "";
        }
    }
}
