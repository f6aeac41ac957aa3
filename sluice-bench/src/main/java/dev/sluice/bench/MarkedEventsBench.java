package dev.sluice.bench;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.RetentionQueries;
import dev.sluice.query.analytics.AnalyticsQueries;
import dev.sluice.query.analytics.AnalyticsViews.EventScan;
import dev.sluice.query.analytics.AnalyticsViews.EventView;
import dev.sluice.query.analytics.MarkedEvents;
import dev.sluice.server.SluiceServer;
import dev.sluice.store.DataFamily;
import dev.sluice.store.Store;
import dev.sluice.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The SQLite reads that lost their index in V230, timed on a kept PugBench data dir (server stopped): each
 * answered by a table scan (the row store alone, as without a replica) and through the replica's positions
 * ({@link MarkedEvents}), alternately, {@code runs} times; the answers must agree. Usage:
 * {@code MarkedEventsBench <data dir> [runs]}.
 */
public final class MarkedEventsBench {

    private MarkedEventsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Clock clock = Clock.systemUTC();
        try (Store store = Store.open(StoreConfig.sqlite(dir));
             AnalyticsReplica replica = AnalyticsReplica.open(dir.resolve(SluiceServer.ANALYTICS_FILE), store, clock)) {
            replica.sync();
            ProjectId project = store.listProjects().getFirst().id();
            RetentionQueries scan = RetentionQueries.create(store);
            RetentionQueries marked = RetentionQueries.create(store, Optional.of(replica));
            MarkedEvents events = MarkedEvents.create(store, Optional.of(replica));
            AnalyticsQueries analytics = AnalyticsQueries.create(store);
            long rows = scan.rows(project, DataFamily.ANALYTICS_EVENTS);
            long now = clock.millis();
            System.out.printf(Locale.ROOT, "# %,d events, mark %,d, %s%n", rows, replica.mark().position(), load());
            long days90 = now - Duration.ofDays(90).toMillis();
            long days15 = now - Duration.ofDays(15).toMillis();
            Set<String> user = Set.of("user_123");
            compare("dry run, 90-day cutoff (none due)", runs,
                    () -> scan.wouldDelete(project, DataFamily.ANALYTICS_EVENTS, days90),
                    () -> marked.wouldDelete(project, DataFamily.ANALYTICS_EVENTS, days90));
            compare("dry run, 15-day cutoff (about half due)", runs,
                    () -> scan.wouldDelete(project, DataFamily.ANALYTICS_EVENTS, days15),
                    () -> marked.wouldDelete(project, DataFamily.ANALYTICS_EVENTS, days15));
            compare("oldest-row gauge", runs, () -> scan.oldest(DataFamily.ANALYTICS_EVENTS),
                    () -> marked.oldest(DataFamily.ANALYTICS_EVENTS));
            compare("size-cap cutoff, 1% of rows", runs,
                    () -> scan.cutoffRemoving(project, DataFamily.ANALYTICS_EVENTS, rows / 100),
                    () -> marked.cutoffRemoving(project, DataFamily.ANALYTICS_EVENTS, rows / 100));
            compare("size-cap cutoff, 10% of rows", runs,
                    () -> scan.cutoffRemoving(project, DataFamily.ANALYTICS_EVENTS, rows / 10),
                    () -> marked.cutoffRemoving(project, DataFamily.ANALYTICS_EVENTS, rows / 10));
            compare("profile page, latest 100 events of one user", runs, () -> {
                List<String> out = new ArrayList<>();
                analytics.scan(project, new EventScan(0, Long.MAX_VALUE, user, "", Set.of(), true, true), e -> {
                    out.add(e.eventId());
                    return out.size() < 100;
                });
                return out;
            }, () -> events.newest(project, user, 100).orElseThrow().stream().map(EventView::eventId).toList());
            System.out.printf(Locale.ROOT, "# done, %s%n", load());
        }
    }

    private static void compare(String what, int runs, Supplier<Object> scan, Supplier<Object> marked) {
        double[] a = new double[runs];
        double[] b = new double[runs];
        Object answer = null;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Object x = scan.get();
            a[i] = (System.nanoTime() - t0) / 1e6;
            t0 = System.nanoTime();
            Object y = marked.get();
            b[i] = (System.nanoTime() - t0) / 1e6;
            if (!Objects.equals(x, y)) {
                throw new IllegalStateException(what + ": scan " + x + " but replica " + y);
            }
            answer = x;
        }
        double ma = median(a);
        double mb = median(b);
        System.out.printf(Locale.ROOT, "%-46s scan %9.1f ms  replica %8.1f ms  %6.1fx  (%s; %s)%n", what, ma, mb,
                ma / mb, answer instanceof List<?> l ? l.size() + " events" : answer, load());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load " + f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "load ?";
        }
    }
}
