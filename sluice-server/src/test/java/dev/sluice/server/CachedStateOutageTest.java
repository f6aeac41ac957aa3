package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.auth.KeyKind;
import dev.sluice.store.StoreConfig;
import dev.sluice.store.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 finding 4, the caching side: while PostgreSQL is unreachable (a real cut of the TCP connection between
 * this server and a real PostgreSQL: every connection reset, new ones refused), what the node has cached keeps
 * serving — keys, Tailpoint task settings, TraceStax job settings, the admin token — and what it cannot know
 * answers 503 with {@code Retry-After}, never 500 and never a wrong 401/403. Recovery needs no restart.
 */
class CachedStateOutageTest {

    private static final Pattern HOST_PORT = Pattern.compile("//([^/:]+):(\\d+)/");

    @TempDir
    Path dir;

    @Test
    void cachedKeysSettingsAndTokenServeThroughAnOutage() throws Exception {
        StoreConfig pg = TestDatabases.postgres();
        Matcher m = HOST_PORT.matcher(pg.jdbcUrl());
        assertThat(m.find()).as(pg.jdbcUrl()).isTrue();
        try (TcpCut link = TcpCut.to(m.group(1), Integer.parseInt(m.group(2)))) {
            String viaLink = TestDatabases.asDbUrl(new StoreConfig(pg.dialect(),
                    m.replaceFirst("//127.0.0.1:" + link.port() + "/"), pg.user(), pg.password()));
            try (TestServer s = TestServer.onDb(dir, viaLink)) {
                // Warm the caches the way traffic does.
                assertThat(tailpoint(s, KeyKind.TAILPOINT_TEST).statusCode()).isEqualTo(200);
                assertThat(heartbeat(s).statusCode()).isEqualTo(200);
                assertThat(s.ingest("{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"v\"}}")
                        .statusCode()).isEqualTo(202);
                assertThat(s.get("/api/projects/default/task-settings").statusCode()).isEqualTo(200);

                link.cut();
                // Past every cache's age limit: the old TtlCache reloaded here and answered 500.
                Thread.sleep(1_500);

                HttpResponse<String> validated = tailpoint(s, KeyKind.TAILPOINT_TEST);
                assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
                assertThat(validated.body()).contains("\"validated\"");

                HttpResponse<String> wrongToken = s.get("/api/projects/default/task-settings",
                        Optional.of("sla_not-the-token"));
                assertThat(wrongToken.statusCode()).as("the token's hash is cached").isEqualTo(401);
                HttpResponse<String> needsStore = s.get("/api/projects/default/task-settings");
                assertThat(needsStore.statusCode()).as(needsStore.body()).isEqualTo(503);
                assertThat(needsStore.headers().firstValue("retry-after")).isPresent();

                HttpResponse<String> unknownKey = s.post("/v1/ingest",
                        "{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"v\"}}".getBytes(StandardCharsets.UTF_8),
                        Map.of("Content-Type", "application/json", "X-Open-Sentry-Key", "os_neverseenbeforeneverseen"));
                assertThat(unknownKey.statusCode()).as("cannot tell: not 403").isEqualTo(503);
                assertThat(unknownKey.headers().firstValue("retry-after")).isPresent();

                HttpResponse<String> beat = heartbeat(s);
                assertThat(beat.statusCode()).as(beat.body()).isEqualTo(503);
                assertThat(beat.body()).contains("service_unavailable");

                link.restore();
                int status = 0;
                for (int i = 0; i < 60 && status != 201; i++) {
                    status = tailpoint(s, KeyKind.TAILPOINT_LIVE).statusCode();
                    if (status != 201) {
                        Thread.sleep(500);
                    }
                }
                assertThat(status).as("recovers without a restart").isEqualTo(201);
            }
        }
    }

    private static HttpResponse<String> tailpoint(TestServer s, KeyKind kind) {
        return s.post("/api/v1/ingest/tasks", "{\"source\":\"sdk\",\"title\":\"outage\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + s.key(kind)));
    }

    private static HttpResponse<String> heartbeat(TestServer s) {
        String body = "{\"type\":\"heartbeat\",\"framework\":\"celery\",\"language\":\"python\",\"sdk_version\":\"0.1.0\","
                + "\"worker\":{\"key\":\"w\",\"hostname\":\"h\",\"pid\":\"77\",\"concurrency\":null,\"queues\":[\"default\"]},"
                + "\"timestamp\":\"2026-11-22T06:00:00Z\"}";
        return s.post("/v1/heartbeat", body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + s.key(KeyKind.TRACESTAX_LIVE)));
    }
}
