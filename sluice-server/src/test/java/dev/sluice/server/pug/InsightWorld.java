package dev.sluice.server.pug;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded world of people, sessions and events for insight tests: identified users (some of whom browsed
 * anonymously first and were merged by identify), anonymous-only visitors and cookieless events. Times are
 * whole seconds and amounts whole numbers so sums and averages are exact in any order.
 */
final class InsightWorld {

    static final String[] KINDS = {"page_view", "signup", "add_to_cart", "purchase", "search"};
    static final String[] PATHS = {"/", "/pricing", "/docs"};

    /** One generated event; {@code person} is the reference identity (external id, or the raw distinct id). */
    record Ev(String id, String distinctId, String person, String kind, long time, String session, boolean cookieless,
              String path, long amount, String plan, String browser) {
    }

    /** An identify call: external id and the anonymous id it claims ("" when none). */
    record Identify(String externalId, String anonymousId) {
    }

    final long base;
    final long end;
    final List<Ev> events = new ArrayList<>();
    final List<Identify> identifies = new ArrayList<>();

    InsightWorld(long seed, int people, long base, int days) {
        this.base = base;
        this.end = base + days * 86_400_000L;
        Random r = new Random(seed);
        for (int i = 0; i < people; i++) {
            int type = r.nextInt(10); // 0-3: anon first then identified, 4: anon only, else identified only
            String external = "user_" + i;
            String anon = "anon-" + i;
            String person = type == 4 ? anon : external;
            int sessions = 1 + r.nextInt(4);
            for (int s = 0; s < sessions; s++) {
                String distinct = type == 4 || type <= 3 && s == 0 ? anon : external;
                // Some sessions start before the range, to test range filtering.
                long t = base - 86_400_000L + (long) r.nextInt(days + 1) * 86_400_000L + r.nextInt(86_400) * 1000L;
                String session = UUID.randomUUID().toString();
                int n = 1 + r.nextInt(8);
                for (int e = 0; e < n; e++) {
                    String kind = KINDS[r.nextInt(KINDS.length)];
                    events.add(new Ev(UUID.randomUUID().toString(), distinct, person, kind, t, session, false,
                            PATHS[r.nextInt(PATHS.length)], kind.equals("purchase") ? 1 + r.nextInt(100) : -1,
                            r.nextBoolean() ? "pro" : "free", r.nextInt(3) == 0 ? "Firefox" : "Chrome"));
                    t += (1 + r.nextInt(r.nextInt(4) == 0 ? 7200 : 600)) * 1000L;
                }
            }
            if (type <= 3 || type >= 5) {
                identifies.add(new Identify(external, type <= 3 ? anon : ""));
            }
        }
        for (int i = 0; i < people / 5; i++) {
            long t = base + r.nextInt(days) * 86_400_000L + r.nextInt(86_400) * 1000L;
            events.add(new Ev(UUID.randomUUID().toString(), "", "", KINDS[r.nextInt(KINDS.length)], t, "", true,
                    PATHS[r.nextInt(PATHS.length)], -1, "free", "Chrome"));
        }
    }

    /** Events inside [base, end), in the server's order (time, then id). */
    List<Ev> inRange() {
        return events.stream().filter(e -> e.time() >= base && e.time() < end)
                .sorted(java.util.Comparator.comparingLong(Ev::time).thenComparing(Ev::id)).toList();
    }

    static Map<String, Object> props(Ev e) {
        return Map.of("path", e.path(), "plan", e.plan());
    }
}
