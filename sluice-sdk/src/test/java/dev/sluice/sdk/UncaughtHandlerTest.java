package dev.sluice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sdk.internal.JsonParser;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UncaughtHandlerTest {

    @Test
    void capturesThenChainsToThePreviousHandler() throws Exception {
        Thread.UncaughtExceptionHandler original = Thread.getDefaultUncaughtExceptionHandler();
        AtomicReference<Throwable> previousSaw = new AtomicReference<>();
        try (StubServer stub = new StubServer(r -> r.path().contains("tasks")
                ? StubServer.Resp.json(201, "{\"status\":\"created\",\"taskId\":1}")
                : StubServer.Resp.json(202, "{\"id\":\"x\"}"));
             Sluice sluice = Sluice.builder().endpoint(stub.url()).openSentryKey("os_x").tailpointKey("trk_live_x")
                     .build()) {
            Thread.setDefaultUncaughtExceptionHandler((t, e) -> previousSaw.set(e));
            sluice.installUncaughtExceptionHandler();
            IllegalStateException crash = new IllegalStateException("worker crashed");
            Thread t = new Thread(() -> {
                throw crash;
            });
            t.start();
            t.join(10_000);
            assertThat(previousSaw.get()).as("the crash is not swallowed").isSameAs(crash);
            stub.await(r -> r.path().equals("/v1/ingest"), 1, Duration.ofSeconds(10));
            Map<String, Object> item = JsonParser.object(stub.requests("/v1/ingest").get(0).text());
            assertThat(item).containsEntry("level", "fatal");
            Map<String, Object> task = JsonParser.object(stub.await(r -> r.path().endsWith("/tasks"), 1,
                    Duration.ofSeconds(10)).get(0).text());
            assertThat(task).containsEntry("title", "IllegalStateException: worker crashed")
                    .containsEntry("severity", "critical").containsEntry("source", "sdk");
            assertThat((String) task.get("dedupeKey")).startsWith("err:").hasSize(68);
            assertThat((String) task.get("description")).contains("worker crashed");
            assertThat(task.get("metadata").toString()).contains("exceptionType=java.lang.IllegalStateException");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(original);
        }
    }
}
