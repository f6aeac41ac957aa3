package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.log.LocalIngestLog;
import dev.sluice.server.limits.RateLimits;
import dev.sluice.store.AccountRecords.Role;
import dev.sluice.store.TestDatabases;
import dev.sluice.web.session.Passwords;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Sluice nodes on one PostgreSQL: a session started on one works on the other, and logging out or a
 * password change on one ends it on both (nothing about sessions lives in a node's memory).
 */
class SessionsAcrossNodesTest {

    @TempDir
    Path dir;

    @Test
    void aSessionWorksAndEndsOnEveryNode() {
        String db = TestDatabases.asDbUrl(TestDatabases.postgres());
        try (SluiceServer one = node(db, "n1"); SluiceServer two = node(db, "n2")) {
            String token = one.firstRun().orElseThrow().adminToken();
            one.store().accounts().createUser("eve@example.com", Role.ADMIN,
                    Optional.of(Passwords.hash("eves password 1")), System.currentTimeMillis());
            WebClient onOne = WebClient.user(one.baseUrl(), "eve@example.com", "eves password 1");
            WebClient onTwo = new WebClient(two.baseUrl());
            onTwo.cookie = onOne.cookie;
            onTwo.csrf = onOne.csrf;
            assertThat(onTwo.get("/issues").statusCode()).isEqualTo(200);
            WebClient admin = WebClient.admin(two.baseUrl(), token);
            WebClient adminOnOne = new WebClient(one.baseUrl());
            adminOnOne.cookie = admin.cookie;
            assertThat(adminOnOne.get("/settings").statusCode()).isEqualTo(200);
            assertThat(onTwo.post("/logout", "").statusCode()).isEqualTo(303);
            assertThat(onOne.get("/issues").statusCode()).as("logged out on node 2, gone on node 1").isEqualTo(303);
        }
    }

    private SluiceServer node(String db, String name) {
        return SluiceServer.start(new ServerConfig("127.0.0.1", 0, dir.resolve(name), Optional.of(db),
                LocalIngestLog.Limits.defaults(), RateLimits.defaults()), Clock.systemUTC());
    }
}
