package dev.sluice.server.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.ApiClient;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import io.sentry.ISpan;
import io.sentry.ITransaction;
import io.sentry.Sentry;
import io.sentry.SentryLevel;
import io.sentry.protocol.User;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Sentry Java SDK ({@code io.sentry:sentry} 8.63.0: gzip'd envelopes, {@code X-Sentry-Auth}) against
 * the real server with the project's DSN: errors with chained causes, a message and a transaction with spans all
 * read back through the REST API, and the server counted no rejection.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class SentryJavaSdkTest {

    @TempDir
    Path dir;

    @Test
    void errorsMessagesAndTransactionsFromTheOfficialSdkAreStored(StoreKind kind) throws Exception {
        try (TestServer server = kind.start(dir)) {
            // The DSN exactly as the first-run banner prints it.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Sentry DSN \\(official Sentry SDKs\\): (\\S+)")
                    .matcher(server.server().firstRunBanner().orElseThrow());
            assertThat(m.find()).isTrue();
            String dsn = m.group(1);
            assertThat(dsn).isEqualTo(SentryIngest.dsn(server.server().baseUrl(), server.key(KeyKind.OPENSENTRY), 1));
            Sentry.init(o -> {
                o.setDsn(dsn);
                o.setRelease("shop@1.2.3");
                o.setEnvironment("staging");
                o.setTracesSampleRate(1.0);
                o.setEnableUncaughtExceptionHandler(false);
                o.setSendClientReports(true);
                o.addInAppInclude("dev.sluice");
            });
            try {
                Sentry.configureScope(scope -> {
                    scope.setTag("region", "eu");
                    User user = new User();
                    user.setId("u-42");
                    scope.setUser(user);
                });
                Sentry.addBreadcrumb("GET /cart");
                for (int i = 0; i < 3; i++) {
                    Sentry.captureException(failure());
                }
                Sentry.captureMessage("payment provider slow", SentryLevel.WARNING);
                ITransaction tx = Sentry.startTransaction("GET /checkout", "http.server");
                ISpan db = tx.startChild("db.query", "select * from carts");
                db.finish();
                ISpan http = tx.startChild("http.client", "POST /charge");
                http.finish();
                tx.finish();
                Sentry.flush(30_000);
            } finally {
                Sentry.close();
            }

            ApiClient api = new ApiClient(server.baseUrl(), server.adminToken());
            List<JsonNode> issues = api.issues();
            assertThat(issues).extracting(i -> i.get("title").asText())
                    .containsExactlyInAnyOrder("IllegalStateException: checkout failed", "payment provider slow");
            JsonNode error = issues.stream().filter(i -> i.get("title").asText().startsWith("Illegal")).findFirst()
                    .orElseThrow();
            assertThat(error.get("count").asLong()).isEqualTo(3);
            assertThat(error.get("lastRelease").asText()).isEqualTo("shop@1.2.3");
            JsonNode event = api.events(error.get("id").asText()).get(0);
            assertThat(event.get("environment").asText()).isEqualTo("staging");
            assertThat(event.at("/exception/type").asText()).isEqualTo("IllegalStateException");
            assertThat(event.at("/exception/stacktrace/frames/0/function").asText()).isEqualTo("failure");
            assertThat(event.at("/chain/0/type").asText()).isEqualTo("IllegalArgumentException");
            assertThat(event.at("/tags/region").asText()).isEqualTo("eu");
            assertThat(event.at("/user/id").asText()).isEqualTo("u-42");
            assertThat(event.get("breadcrumbs").toString()).contains("GET /cart");
            JsonNode message = issues.stream().filter(i -> i.get("title").asText().equals("payment provider slow")).findFirst()
                    .orElseThrow();
            assertThat(message.get("level").asText()).isEqualTo("warning");

            JsonNode tx = api.get("/api/projects/default/transactions?name=GET%20/checkout").get("items").get(0);
            assertThat(tx.get("spans")).extracting(s -> s.get("op").asText())
                    .containsExactlyInAnyOrder("db.query", "http.client");
            assertThat(tx.get("traceId").asText()).hasSize(32);
            assertThat(tx.get("status").asText()).isEqualTo("ok");
            assertThat(tx.get("spans").get(0).get("parentSpanId").asText()).hasSize(16);

            String metrics = server.get("/metrics").body();
            assertThat(metrics).doesNotContain("sluice_requests_rejected_total{protocol=\"sentry\"");
            assertThat(metrics).contains("sluice_items_accepted_total{outcome=\"stored\",protocol=\"sentry\"} 5.0");
        }
    }

    private static RuntimeException failure() {
        return new IllegalStateException("checkout failed", new IllegalArgumentException("card declined"));
    }
}
