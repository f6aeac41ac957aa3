package dev.sluice.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyRequest;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.http.Json;
import dev.sluice.store.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three real nodes on one PostgreSQL schema, the same decision fired at all of them at the same instant, round
 * after round. Whatever the interleaving, the stored result must be one that the requests applied one at a time
 * could have produced, and no client may see a 5xx (a deadlock between nodes is retried inside the server).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiNodeRaceTest {

    private static final String IDENTIFY = "/sdk.profiles.v1.ProfilesSDKService/Identify";

    private Cluster cluster;
    private final List<String> anomalies = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("sluice-multinode");
        cluster = Cluster.start(dir, TestDatabases.postgres(), 3);
        // Tailpoint's per-key limit (100/min by default) would refuse a test that sends hundreds at once.
        assertThat(cluster.admin(0, "PUT", "/api/projects/" + cluster.projectName() + "/task-settings",
                "{\"ratePerMinute\":1000000}").statusCode()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        System.out.printf("multi-node races: deadlock/serialization retries %.0f, commit failures %.0f%n",
                cluster.metricSum("sluice_commit_retries_total"), cluster.metricSum("sluice_commit_failures_total"));
        cluster.close();
    }

    @Test
    void oneTaskPerDedupeKeyWithContiguousCounts() throws Exception {
        int rounds = 100;
        for (int r = 0; r < rounds; r++) {
            String key = "dk-" + r;
            List<JsonNode> answers = json(cluster.atOnce(n -> cluster.task(n,
                    "{\"source\":\"sdk\",\"title\":\"race " + key + "\",\"dedupeKey\":\"" + key + "\"}")));
            checkOneTask("dedupe " + key, answers, -1);
        }
        assertThat(anomalies).isEmpty();
        assertThat(cluster.count("SELECT COUNT(*) FROM task_dedupe WHERE dedupe_key LIKE 'dk-%'")).isEqualTo(rounds);
        assertThat(cluster.count("SELECT COUNT(DISTINCT task_id) FROM task_dedupe WHERE dedupe_key LIKE 'dk-%'"))
                .isEqualTo(rounds);
    }

    @Test
    void createNewOnAClosedTaskCreatesExactlyOneTask() throws Exception {
        String project = cluster.projectName();
        assertThat(cluster.admin(0, "PUT", "/api/projects/" + project + "/task-settings",
                "{\"closedTaskBehavior\":\"create_new\"}").statusCode()).isEqualTo(200);
        int rounds = 20;
        try {
            for (int r = 0; r < rounds; r++) {
                String key = "cn-" + r;
                String body = "{\"source\":\"sdk\",\"title\":\"closed " + key + "\",\"dedupeKey\":\"" + key + "\"}";
                long closed = Json.MAPPER.readTree(cluster.task(0, body).body()).get("taskId").asLong();
                assertThat(cluster.admin(0, "PATCH", "/api/projects/" + project + "/tasks/" + closed,
                        "{\"status\":\"closed\"}").statusCode()).isEqualTo(200);
                checkOneTask("create_new " + key, json(cluster.atOnce(n -> cluster.task(n, body))), closed);
            }
        } finally {
            cluster.admin(0, "PUT", "/api/projects/" + project + "/task-settings", "{\"closedTaskBehavior\":\"reopen\"}");
        }
        assertThat(anomalies).isEmpty();
        assertThat(cluster.count("SELECT COUNT(*) FROM task_dedupe WHERE dedupe_key LIKE 'cn-%'")).isEqualTo(2L * rounds);
        assertThat(cluster.count("SELECT COUNT(*) FROM task_dedupe WHERE dedupe_key LIKE 'cn-%' "
                + "AND superseded_at IS NULL")).isEqualTo(rounds);
    }

    @Test
    void theSameIdempotencyKeyOnTwoNodesAnswersTheStoredOutcome() throws Exception {
        int rounds = 120;
        for (int r = 0; r < rounds; r++) {
            String body = "{\"source\":\"sdk\",\"title\":\"idem\",\"idempotencyKey\":\"idem-" + r + "\"}";
            List<JsonNode> answers = json(cluster.atOnce(2, n -> cluster.task(n, body)));
            long originals = answers.stream().filter(a -> !a.get("idempotent").asBoolean()).count();
            Set<String> outcomes = answers.stream().map(a -> a.get("taskId").asText() + "/" + a.get("eventId").asText())
                    .collect(Collectors.toSet());
            if (originals != 1 || outcomes.size() != 1) {
                anomalies.add("idempotency round " + r + ": " + answers);
            }
        }
        assertThat(anomalies).isEmpty();
        assertThat(cluster.count("SELECT COUNT(*) FROM intake_events WHERE idempotency_key LIKE 'idem-%'"))
                .isEqualTo(rounds);
    }

    @Test
    void oneProfilePerExternalId() throws Exception {
        int rounds = 50;
        for (int r = 0; r < rounds; r++) {
            String user = "idr-" + r;
            cluster.atOnce(n -> identify(n, user, "", "node", n));
            long live = cluster.count("SELECT COUNT(*) FROM analytics_profiles WHERE external_id = ? "
                    + "AND deleted_at IS NULL", user);
            if (live != 1) {
                anomalies.add("identify " + user + ": " + live + " live profiles");
            }
        }
        assertThat(anomalies).isEmpty();
    }

    /**
     * An anonymous visitor's profile, then three people identified with its anonymous id at once: as in any
     * serial order, exactly one of them absorbs it (and owns the anonymous id); the others stay themselves.
     */
    @Test
    void racingMergesEqualASerialOrder() throws Exception {
        int rounds = 30;
        for (int r = 0; r < rounds; r++) {
            String anonymous = "anon-m" + r;
            identify(0, anonymous, "", "visits", r);
            String prefix = "mu-" + r + "-";
            cluster.atOnce(n -> identify(n, prefix + n, anonymous, "node", n));
            List<String> absorbed = new ArrayList<>();
            for (int n = 0; n < cluster.size(); n++) {
                long live = cluster.count("SELECT COUNT(*) FROM analytics_profiles WHERE external_id = ? "
                        + "AND deleted_at IS NULL", prefix + n);
                long withVisits = cluster.count("SELECT COUNT(*) FROM analytics_profile_properties pp JOIN "
                        + "analytics_profiles p ON p.project_id = pp.project_id AND p.id = pp.profile_id "
                        + "WHERE p.external_id = ? AND p.deleted_at IS NULL AND pp.name = 'visits'", prefix + n);
                if (live != 1) {
                    anomalies.add("merge round " + r + ": " + prefix + n + " has " + live + " live profiles");
                }
                if (withVisits == 1) {
                    absorbed.add(prefix + n);
                }
            }
            long owners = absorbed.size() != 1 ? 0 : cluster.count("SELECT COUNT(*) FROM analytics_aliases a JOIN "
                    + "analytics_profiles p ON p.project_id = a.project_id AND p.id = a.profile_id "
                    + "WHERE a.distinct_id = ? AND p.external_id = ?", anonymous, absorbed.getFirst());
            long anonymousLeft = cluster.count("SELECT COUNT(*) FROM analytics_profiles WHERE external_id = ? "
                    + "AND deleted_at IS NULL", anonymous);
            if (absorbed.size() != 1 || owners != 1 || anonymousLeft != 0) {
                anomalies.add("merge round " + r + ": absorbed by " + absorbed + ", alias owners " + owners
                        + ", anonymous profiles left " + anonymousLeft);
            }
        }
        assertThat(anomalies).isEmpty();
    }

    /** Overlapping issue fingerprints in a different order on every node: upserts must never deadlock out. */
    @Test
    void overlappingUpsertsNeverReachTheClientAsErrors() throws Exception {
        Random random = new Random(14);
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            titles.add("Overlap" + i);
        }
        for (int r = 0; r < 20; r++) {
            List<List<String>> orders = new ArrayList<>();
            for (int n = 0; n < cluster.size(); n++) {
                List<String> order = new ArrayList<>(titles);
                Collections.shuffle(order, random);
                orders.add(order);
            }
            int round = r;
            List<HttpResponse<byte[]>> answers = cluster.atOnce(n -> openSentry(n, orders.get(n), round));
            for (HttpResponse<byte[]> a : answers) {
                if (a.statusCode() != 202) {
                    anomalies.add("overlap round " + r + ": " + a.statusCode() + " "
                            + new String(a.body(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(anomalies).isEmpty();
    }

    /**
     * A real deadlock between the writer of a node and another transaction: the writer holds the dedupe key's
     * lock and waits for the task counter, which the other holds while it asks for the dedupe key's lock.
     * PostgreSQL aborts the writer (it waited first); the writer runs the group again and the client gets its
     * 201, never a 503.
     */
    @Test
    void aDeadlockedGroupCommitIsRetriedUnseen() throws Exception {
        double retriesBefore = cluster.metricSum("sluice_commit_retries_total");
        String project = cluster.store().listProjects().getFirst().id().value();
        try (java.sql.Connection other = cluster.connect()) {
            other.setAutoCommit(false);
            try (java.sql.Statement s = other.createStatement()) {
                s.execute("SELECT value FROM counters WHERE name = 'task' FOR UPDATE");
            }
            java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> answer = java.util.concurrent
                    .CompletableFuture.supplyAsync(() -> cluster.task(1,
                            "{\"source\":\"sdk\",\"title\":\"deadlock\",\"dedupeKey\":\"deadlock-1\"}"));
            // The writer now holds the key's lock and waits for the counter row.
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (cluster.count("SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()") == 0) {
                assertThat(System.nanoTime()).as("the writer never blocked on the counter").isLessThan(deadline);
                Thread.sleep(10);
            }
            try (java.sql.PreparedStatement ps = other.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, lockKey("task-dedupe\0" + project + "\0deadlock-1"));
                ps.executeQuery().close();
            }
            other.rollback();
            HttpResponse<byte[]> res = answer.get();
            assertThat(res.statusCode()).as(new String(res.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        }
        assertThat(cluster.metricSum("sluice_commit_retries_total")).isGreaterThan(retriesBefore);
    }

    /** The store's advisory-lock key of a name: the head of its SHA-256 (see AdvisoryLocks). */
    private static long lockKey(String name) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        return java.nio.ByteBuffer.wrap(digest).getLong();
    }

    private HttpResponse<byte[]> openSentry(int node, List<String> types, int round) {
        StringBuilder body = new StringBuilder("[");
        for (String type : types) {
            body.append(body.length() > 1 ? "," : "").append("{\"type\":\"error\",\"exception\":{\"type\":\"")
                    .append(type).append("\",\"value\":\"round ").append(round).append(" node ").append(node)
                    .append("\"}}");
        }
        return Cluster.post(cluster.baseUrl(node) + "/v1/ingest", body.append("]").toString()
                .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json",
                "X-Open-Sentry-Key", cluster.key(KeyKind.OPENSENTRY)));
    }

    /** All answers of one round are 2xx, one created the task, the counts are 1..n on one task (not {@code old}). */
    private void checkOneTask(String round, List<JsonNode> answers, long old) {
        long created = answers.stream().filter(a -> "created".equals(a.path("status").asText())).count();
        Set<Long> tasks = answers.stream().map(a -> a.path("taskId").asLong()).collect(Collectors.toSet());
        List<Long> counts = answers.stream().map(a -> a.path("occurrenceCount").asLong()).sorted().toList();
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= answers.size(); i++) {
            expected.add(i);
        }
        if (created != 1 || tasks.size() != 1 || tasks.contains(old) || !counts.equals(expected)) {
            anomalies.add(round + ": " + answers);
        }
    }

    private List<JsonNode> json(List<HttpResponse<byte[]>> responses) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (HttpResponse<byte[]> r : responses) {
            assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isIn(200, 201);
            out.add(Json.MAPPER.readTree(r.body()));
        }
        return out;
    }

    private HttpResponse<byte[]> identify(int node, String externalId, String anonymousId, String trait, int value) {
        IdentifyRequest request = IdentifyRequest.newBuilder().setExternalId(externalId).setAnonymousId(anonymousId)
                .setTraits(Struct.newBuilder().putFields(trait, Value.newBuilder().setNumberValue(value).build()))
                .build();
        HttpResponse<byte[]> res = Cluster.post(cluster.baseUrl(node) + IDENTIFY, request.toByteArray(), Map.of(
                "Content-Type", "application/proto", "connect-protocol-version", "1",
                "x-api-key", cluster.key(KeyKind.PUG_PRIVATE)));
        if (res.statusCode() != 200) {
            anomalies.add("identify " + externalId + " on node " + node + ": " + res.statusCode() + " "
                    + new String(res.body(), StandardCharsets.UTF_8));
        }
        return res;
    }
}
