package dev.sluice.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestServer;
import dev.sluice.store.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REST parameters PostgreSQL cannot hold are client errors (400), not store failures (500). */
class RestEdgeTest {

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.onDb(dir, TestDatabases.asDbUrl(TestDatabases.postgres()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void nulInPathOrQueryIs400OnPostgres() {
        for (String path : new String[] {"/api/projects/de%00fault/issues", "/api/projects/default/issues/x%00y",
                "/api/projects/default/issues?cursor=%00", "/api/projects/default/tasks?status=op%00en",
                "/api/projects/default/tasks?assignee=a%00b", "/api/projects/default/jobs/runs?name=%00",
                "/api/projects/default/jobs/runs/t%00", "/api/projects/default/transactions?name=%00"}) {
            HttpResponse<String> res = server.get(path);
            assertThat(res.statusCode()).as(path).isEqualTo(400);
            assertThat(res.body()).as(path).contains("\"error\"").contains("%00");
        }
        assertThat(server.get("/api/projects/default/issues").statusCode()).isEqualTo(200);
    }
}
