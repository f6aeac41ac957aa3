package dev.sluice.server.pug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.retention.RetentionRunner;
import dev.sluice.store.DataFamily;
import dev.sluice.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retention of analytics events reaches this node's DuckDB replica: the rows past the cutoff leave the row store
 * and the replica, the feed does not bring them back (also after a restart), and the rest stays.
 */
class PugRetentionTest {

    @TempDir
    Path dir;

    TestServer start(String engine) {
        return engine.equals("sqlite") ? TestServer.sqlite(dir)
                : TestServer.onDb(dir, TestDatabases.asDbUrl(TestDatabases.postgres()));
    }

    static long replicaRows(TestServer s) {
        s.server().analytics().sync();
        return s.server().analytics().read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM events")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void analyticsRetentionPurgesTheReplicaToo(String engine) throws Exception {
        TestServer s = start(engine);
        try {
            String key = s.key(KeyKind.PUG_PRIVATE);
            long now = System.currentTimeMillis();
            for (int b = 0; b < 5; b++) {
                BatchCreateRequest.Builder batch = BatchCreateRequest.newBuilder();
                for (int i = 0; i < 20; i++) {
                    long at = i < 12 ? now - Duration.ofDays(40).toMillis() + b * 1000L + i : now - 60_000 + i;
                    batch.addEvents(PugWire.event("u" + i, "page_view", at));
                }
                PugReadsTest.ok(PugWire.unary(s, PugIngestContractTest.BATCH, batch.build(), key),
                        dev.sluice.pug.proto.sdk.events.v1.BatchCreateResponse.getDefaultInstance());
            }
            assertThat(replicaRows(s)).isEqualTo(100);
            assertThat(s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/retention"))
                    .header("Authorization", "Bearer " + s.adminToken())
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"analytics\":30}")).build()).statusCode()).isEqualTo(200);

            RetentionRunner runner = RetentionRunner.create(s.server().store(), s.server().analytics(),
                    Clock.systemUTC(), Duration.ZERO);
            assertThat(runner.run(false).stream().filter(r -> r.family() == DataFamily.ANALYTICS_EVENTS)
                    .mapToLong(RetentionRunner.Result::rows).sum()).isEqualTo(60);
            assertThat(replicaRows(s)).isEqualTo(40);
            assertThat(Files.size(dir.resolve(SluiceServer.ANALYTICS_FILE))).isPositive();
            s = s.restart(); // the replica's cursor is read back from its rows: the purged ones must not return
            assertThat(replicaRows(s)).isEqualTo(40);
            long stored = s.server().store().read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM analytics_events")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(stored).isEqualTo(40);
        } finally {
            s.close();
        }
    }
}
