package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /jobs} refreshes its runs live: 204 while nothing changed, the new rows once a job event lands. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class DashboardLiveJobsTest {

    @Test
    void theRunsListAnswersNoContentUntilAJobEventArrives(TestServer s) throws Exception {
        job(s, "run-1", "send_email", "succeeded");
        WebClient web = WebClient.admin(s.baseUrl(), s.adminToken());
        HttpResponse<String> page = web.get("/jobs?name=send_email");
        assertThat(page.statusCode()).isEqualTo(200);
        String mark = WebClient.first(page.body(), "id=\"job-run-rows\" data-mark=\"([^\"]+)\"");
        assertThat(page.body()).containsPattern("hx-get=\"/jobs\\?fragment=runs[^\"]*name=send_email");
        HttpResponse<String> idle = web.get("/jobs?fragment=runs&name=send_email&mark=" + mark);
        assertThat(idle.statusCode()).isEqualTo(204);
        job(s, "run-2", "send_email", "failed");
        HttpResponse<String> fresh = web.get("/jobs?fragment=runs&name=send_email&mark=" + mark);
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.body()).startsWith("<tbody id=\"job-run-rows\"").contains("run-2").contains("run-1")
                .doesNotContain("<html");
        assertThat(web.get("/jobs?fragment=runs&env=test&mark=" + mark).statusCode())
                .as("test-key data has its own mark").isEqualTo(200);
    }

    private static void job(TestServer s, String id, String name, String status) {
        String body = "{\"type\":\"task_event\",\"framework\":\"bullmq\",\"language\":\"typescript\",\"sdk_version\":"
                + "\"0.1.0\",\"worker\":{\"key\":\"worker-1\",\"hostname\":\"h1\",\"pid\":123,\"concurrency\":4,"
                + "\"queues\":[\"default\"]},\"task\":{\"name\":\"" + name + "\",\"id\":\"" + id + "\",\"queue\":"
                + "\"default\",\"attempt\":1},\"status\":\"" + status + "\",\"timestamp\":\"" + Instant.now() + "\"}";
        HttpResponse<String> res = s.post("/v1/ingest", body.getBytes(StandardCharsets.UTF_8), Map.of("Authorization",
                "Bearer " + s.key(KeyKind.TRACESTAX_LIVE), "Content-Type", "application/json"));
        assertThat(res.statusCode()).as(res.body()).isBetween(200, 299);
    }
}
