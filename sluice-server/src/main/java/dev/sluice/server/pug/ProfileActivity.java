package dev.sluice.server.pug;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.pug.proto.shared.activity.v1.HeatmapDay;
import dev.sluice.pug.proto.shared.activity.v1.ProfileStats;
import dev.sluice.pug.proto.shared.profiles.v1.ProfileActivitySummary;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.insights.ReplicaActivity;
import dev.sluice.query.insights.ReplicaActivity.PersonFacts;
import java.util.ArrayList;
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
    private final ReplicaActivity replica;

    ProfileActivity(AnalyticsQueries queries, ReplicaActivity replica) {
        this.queries = queries;
        this.replica = replica;
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
                    .setPageviews(f.pageviews).setSessions(f.sessions);
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
        TreeMap<String, Long> days = replica.days(project, ids, from, to);
        List<HeatmapDay> out = new ArrayList<>();
        days.forEach((d, n) -> out.add(HeatmapDay.newBuilder().setDate(d).setCount(n).build()));
        return out;
    }

    /** Counted by the columnar replica: a long-lived person can have far more events than fit in memory. */
    private Optional<Facts> facts(ProjectId project, Set<String> ids) {
        return replica.facts(project, ids, PAGEVIEW_KINDS).map(Facts::new);
    }

    /** The replica's facts, with the latest event's auto properties parsed once when first asked. */
    private static final class Facts {
        final long first;
        final long last;
        final long total;
        final long pageviews;
        final long sessions;
        private final String latestAutoJson;
        private ObjectNode latestAuto;

        Facts(PersonFacts f) {
            first = f.first();
            last = f.last();
            total = f.total();
            pageviews = f.pageviews();
            sessions = f.sessions();
            latestAutoJson = f.latestAutoJson();
        }

        String auto(String key) {
            if (latestAuto == null) {
                latestAuto = Props.parse(latestAutoJson);
            }
            return latestAuto.path(key).isValueNode() ? Props.text(latestAuto.path(key)) : "";
        }
    }
}
