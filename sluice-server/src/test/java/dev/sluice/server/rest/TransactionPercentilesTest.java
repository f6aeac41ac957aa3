package dev.sluice.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.query.Percentiles;
import dev.sluice.query.TransactionStats;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.store.Project;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Per-name p50/p95/p99 read from the digest's hourly duration histograms agree with the exact nearest-rank
 * percentiles of the same durations within the stated 1 % bound, on both stores; counts and error rates are
 * exact, duplicates (same event id) are not counted twice, and the range is cut by hour.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class TransactionPercentilesTest {

    @Test
    void histogramPercentilesAreWithinOnePercentOfTheExactOnes(TestServer s) {
        Random random = new Random(20261130);
        Instant now = Instant.now();
        Map<String, List<Double>> durations = new HashMap<>();
        Map<String, Integer> errors = new HashMap<>();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            String name = i % 3 == 0 ? "POST /api/orders" : "GET /api/products";
            // log-normal around 80 ms with a long tail, and a few sub-10 µs outliers
            double ms = i % 97 == 0 ? 0.004 : Math.round(Math.exp(Math.log(80) + random.nextGaussian()) * 1000) / 1000.0;
            boolean failed = random.nextInt(10) == 0;
            Instant at = now.minus(Duration.ofMinutes(random.nextInt(600))).truncatedTo(ChronoUnit.MILLIS);
            durations.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
            errors.merge(name, failed ? 1 : 0, Integer::sum);
            items.add("{\"type\":\"transaction\",\"eventId\":\"tx-" + i + "\",\"name\":\"" + name + "\",\"traceId\":\"t"
                    + i + "\",\"durationMs\":" + ms + ",\"status\":\"" + (failed ? "error" : "ok")
                    + "\",\"timestamp\":\"" + at + "\"}");
        }
        for (int from = 0; from < items.size(); from += 20) { // Open Sentry takes up to 20 items a request
            var res = s.ingest("[" + String.join(",", items.subList(from, from + 20)) + "]");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        }
        // Sent again: exact dedupe stores nothing, so nothing is counted twice.
        assertThat(s.ingest("[" + String.join(",", items.subList(0, 20)) + "]").statusCode()).isEqualTo(202);
        Project project = s.server().store().findProject("default").orElseThrow();
        List<TransactionStats.NameStats> stats = TransactionStats.create(s.server().store())
                .byName(project.id(), now.minus(Duration.ofHours(24)), now.plusMillis(1));
        assertThat(stats).extracting(TransactionStats.NameStats::name)
                .containsExactly("GET /api/products", "POST /api/orders");
        for (TransactionStats.NameStats st : stats) {
            double[] exact = durations.get(st.name()).stream().mapToDouble(Double::doubleValue).toArray();
            assertThat(st.count()).isEqualTo(exact.length);
            assertThat(st.errorRate()).isCloseTo((double) errors.get(st.name()) / exact.length, within(1e-12));
            for (double p : new double[] {50, 95, 99}) {
                double want = Percentiles.nearestRank(exact, p).orElseThrow();
                double got = (p == 50 ? st.p50Ms() : p == 95 ? st.p95Ms() : st.p99Ms()).orElseThrow();
                assertThat(got).as(st.name() + " p" + p).isCloseTo(want, within(want * 0.0100001));
            }
        }
        List<TransactionStats.NameStats> none = TransactionStats.create(s.server().store())
                .byName(project.id(), now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(3)));
        assertThat(none).as("no hour of that range has transactions").isEmpty();
    }
}
