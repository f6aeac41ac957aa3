package dev.sluice.server.pug;

import dev.sluice.server.pug.InsightWorld.Ev;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Brute-force answers computed straight from the generated world (never from the store), written from the
 * definitions in the engines' Javadoc. Daily buckets: the world's base is a UTC midnight.
 */
final class InsightReference {

    static final long DAY = 86_400_000L;

    private final InsightWorld w;
    private final List<Ev> events;
    private final int days;

    InsightReference(InsightWorld w) {
        this.w = w;
        this.events = w.inRange();
        this.days = (int) ((w.end - w.base) / DAY);
    }

    int day(long t) {
        return (int) ((t - w.base) / DAY);
    }

    /** Per day: number of events, unique people, or the sum of amounts, of events passing {@code p}. */
    double[] daily(Predicate<Ev> p, String aggregation) {
        double[] out = new double[days];
        List<Set<String>> people = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            people.add(new HashSet<>());
        }
        for (Ev e : events) {
            if (!p.test(e)) {
                continue;
            }
            int d = day(e.time());
            switch (aggregation) {
                case "total" -> out[d]++;
                case "sum" -> out[d] += e.amount() >= 0 ? e.amount() : 0;
                case "unique" -> {
                    if (!e.person().isEmpty()) {
                        people.get(d).add(e.person());
                    }
                }
                default -> throw new IllegalArgumentException(aggregation);
            }
        }
        if (aggregation.equals("unique")) {
            for (int d = 0; d < days; d++) {
                out[d] = people.get(d).size();
            }
        }
        return out;
    }

    /** Plan value → daily counts of {@code kind}, largest groups first (ties by value). */
    LinkedHashMap<String, double[]> dailyByPlan(String kind) {
        Map<String, Integer> sizes = new TreeMap<>();
        events.stream().filter(e -> e.kind().equals(kind)).forEach(e -> sizes.merge(e.plan(), 1, Integer::sum));
        LinkedHashMap<String, double[]> out = new LinkedHashMap<>();
        sizes.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue() != 0 ? b.getValue() - a.getValue()
                : a.getKey().compareTo(b.getKey())).forEach(e -> out.put(e.getKey(),
                daily(x -> x.kind().equals(kind) && x.plan().equals(e.getKey()), "total")));
        return out;
    }

    long uniquePeople() {
        return events.stream().map(Ev::person).filter(p -> !p.isEmpty()).distinct().count();
    }

    /** Per day of session start: {sessions, avg duration seconds, bounce rate %}. */
    double[][] sessions() {
        Map<String, List<Ev>> bySession = new LinkedHashMap<>();
        events.stream().filter(e -> !e.session().isEmpty())
                .forEach(e -> bySession.computeIfAbsent(e.session(), s -> new ArrayList<>()).add(e));
        double[][] out = new double[3][days];
        long[] count = new long[days];
        double[] duration = new double[days];
        long[] bounced = new long[days];
        for (List<Ev> s : bySession.values()) {
            long first = s.stream().mapToLong(Ev::time).min().orElseThrow();
            long last = s.stream().mapToLong(Ev::time).max().orElseThrow();
            int d = day(first);
            count[d]++;
            duration[d] += (last - first) / 1000.0;
            bounced[d] += s.size() == 1 ? 1 : 0;
        }
        for (int d = 0; d < days; d++) {
            out[0][d] = count[d];
            out[1][d] = count[d] == 0 ? 0 : duration[d] / count[d];
            out[2][d] = count[d] == 0 ? 0 : 100.0 * bounced[d] / count[d];
        }
        return out;
    }

    /** Funnel: people reaching each step, and the gaps (ms) into each step (index 0 unused). */
    record Funnel(long[] reached, List<List<Long>> gaps) {
    }

    Funnel funnel(List<String> steps, long windowMillis) {
        Map<String, List<Ev>> byPerson = byPerson();
        long[] reached = new long[steps.size()];
        List<List<Long>> gaps = new ArrayList<>();
        steps.forEach(s -> gaps.add(new ArrayList<>()));
        for (List<Ev> evs : byPerson.values()) {
            for (int k = 1; k <= steps.size(); k++) {
                // Every chain of length k, by DFS; keep the lexicographically smallest valid one.
                int[] best = smallest(evs, steps, k, windowMillis, new int[k], 0, -1);
                if (best == null) {
                    break;
                }
                reached[k - 1]++;
                if (k > 1) {
                    gaps.get(k - 1).add(evs.get(best[k - 1]).time() - evs.get(best[k - 2]).time());
                }
            }
        }
        return new Funnel(reached, gaps);
    }

    private static int[] smallest(List<Ev> evs, List<String> steps, int k, long window, int[] chain, int depth, int after) {
        if (depth == k) {
            return evs.get(chain[k - 1]).time() - evs.get(chain[0]).time() <= window ? chain.clone() : null;
        }
        for (int i = after + 1; i < evs.size(); i++) {
            if (evs.get(i).kind().equals(steps.get(depth))) {
                chain[depth] = i;
                int[] found = smallest(evs, steps, k, window, chain, depth + 1, i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Retention: cohort day → [size, retained at day+0, +1, …]. */
    TreeMap<Integer, long[]> retention(String start, String back) {
        Map<String, List<Ev>> byPerson = byPerson();
        TreeMap<Integer, long[]> out = new TreeMap<>();
        for (List<Ev> evs : byPerson.values()) {
            Ev first = evs.stream().filter(e -> e.kind().equals(start)).findFirst().orElse(null);
            if (first == null) {
                continue;
            }
            int cohort = day(first.time());
            long[] row = out.computeIfAbsent(cohort, c -> new long[1 + days - c]);
            row[0]++;
            for (int n = 0; n < days - cohort; n++) {
                int target = cohort + n;
                if (evs.stream().anyMatch(e -> e.kind().equals(back) && e.time() >= first.time() && day(e.time()) == target)) {
                    row[1 + n]++;
                }
            }
        }
        return out;
    }

    /** Top-K by event kind (count): the rows, then the others' total (or -1 when there is no rest). */
    List<Map.Entry<String, Double>> topKinds(int limit) {
        Map<String, Double> counts = new HashMap<>();
        events.forEach(e -> counts.merge(e.kind(), 1.0, Double::sum));
        return topWithOthers(counts, limit, rest -> rest.stream().mapToDouble(counts::get).sum());
    }

    /** Top-K persons by their number of events. */
    List<Map.Entry<String, Double>> topPeople(int limit) {
        Map<String, Double> counts = new HashMap<>();
        events.stream().filter(e -> !e.person().isEmpty()).forEach(e -> counts.merge(e.person(), 1.0, Double::sum));
        return topWithOthers(counts, limit, rest -> rest.stream().mapToDouble(counts::get).sum());
    }

    private static List<Map.Entry<String, Double>> topWithOthers(Map<String, Double> values, int limit,
                                                                 java.util.function.Function<List<String>, Double> others) {
        List<String> keys = new ArrayList<>(values.keySet());
        keys.sort((a, b) -> values.get(a).equals(values.get(b)) ? a.compareTo(b) : Double.compare(values.get(b), values.get(a)));
        List<Map.Entry<String, Double>> out = new ArrayList<>();
        keys.subList(0, Math.min(limit, keys.size())).forEach(k -> out.add(Map.entry(k, values.get(k))));
        if (keys.size() > limit) {
            out.add(Map.entry("$others", others.apply(keys.subList(limit, keys.size()))));
        }
        return out;
    }

    /**
     * People that did every one of {@code kinds} (anonymous events of an identified person count as theirs),
     * named by external id when identified, else by distinct id; ascending.
     */
    List<String> segment(List<String> kinds) {
        Map<String, Set<String>> did = new TreeMap<>();
        events.stream().filter(e -> !e.person().isEmpty())
                .forEach(e -> did.computeIfAbsent(e.person(), d -> new HashSet<>()).add(e.kind()));
        return did.entrySet().stream().filter(e -> e.getValue().containsAll(kinds)).map(Map.Entry::getKey).toList();
    }

    private Map<String, List<Ev>> byPerson() {
        Map<String, List<Ev>> out = new LinkedHashMap<>();
        events.stream().filter(e -> !e.person().isEmpty())
                .forEach(e -> out.computeIfAbsent(e.person(), p -> new ArrayList<>()).add(e));
        return out;
    }

    /** User flow by event kind: node ids in order, then links as "source>target=value", largest first. */
    List<String> flow(int maxHops, int maxNodes, int maxLinks) {
        Map<String, List<String>> paths = new LinkedHashMap<>();
        for (Ev e : events) {
            if (e.session().isEmpty()) {
                continue;
            }
            List<String> path = paths.computeIfAbsent(e.session(), x -> new ArrayList<>());
            if (path.isEmpty() || !path.get(path.size() - 1).equals(e.kind())) {
                path.add(e.kind());
            }
        }
        Map<String, Integer> visits = new TreeMap<>();
        List<List<String>> idPaths = new ArrayList<>();
        for (List<String> path : paths.values()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < Math.min(path.size(), maxHops + 1); i++) {
                ids.add((i + 1) + ":" + path.get(i));
                visits.merge((i + 1) + ":" + path.get(i), 1, Integer::sum);
            }
            idPaths.add(ids);
        }
        List<String> order = new ArrayList<>(visits.keySet());
        order.sort((a, b) -> visits.get(a).equals(visits.get(b)) ? a.compareTo(b) : visits.get(b) - visits.get(a));
        boolean overflow = order.size() > maxNodes;
        List<String> kept = overflow ? order.subList(0, maxNodes - 1) : order;
        Map<String, Integer> links = new TreeMap<>();
        for (List<String> ids : idPaths) {
            Set<String> once = new HashSet<>();
            for (int i = 1; i < ids.size(); i++) {
                String a = kept.contains(ids.get(i - 1)) ? ids.get(i - 1) : "$others";
                String b = kept.contains(ids.get(i)) ? ids.get(i) : "$others";
                if (!(a.equals("$others") && b.equals("$others")) && once.add(a + ">" + b)) {
                    links.merge(a + ">" + b, 1, Integer::sum);
                }
            }
        }
        List<String> linkOrder = new ArrayList<>(links.keySet());
        linkOrder.sort((a, b) -> links.get(a).equals(links.get(b)) ? a.compareTo(b) : links.get(b) - links.get(a));
        List<String> out = new ArrayList<>(kept);
        if (overflow) {
            out.add("$others");
        }
        linkOrder.stream().limit(maxLinks).forEach(l -> out.add(l + "=" + links.get(l)));
        return out;
    }
}
