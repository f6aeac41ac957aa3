package dev.sluice.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.ApiClient;
import dev.sluice.server.TestServer;
import dev.sluice.server.http.Json;
import dev.sluice.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Grouping rule 2 end to end through Open Sentry ingest (what its SDK sends: the same TypeError from the same
 * line, a different order number in each message), and the per-project rule switch with its transition window.
 */
class GroupingEndToEndTest {

    @TempDir
    Path dir;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    TestServer start(String kind) {
        return kind.equals("sqlite") ? TestServer.sqlite(dir)
                : TestServer.onDb(dir, TestDatabases.asDbUrl(TestDatabases.postgres()));
    }

    static String typeError(long order) {
        return "{\"type\":\"error\",\"exception\":{\"type\":\"TypeError\",\"value\":\"Cannot read properties of "
                + "undefined (reading 'total') for order " + order + "\",\"stacktrace\":{\"frames\":["
                + "{\"filename\":\"/app/src/checkout.js\",\"function\":\"applyDiscount\",\"lineno\":42,\"inApp\":true},"
                + "{\"filename\":\"/app/node_modules/express/router.js\",\"function\":\"handle\",\"lineno\":7,\"inApp\":false}"
                + "]}}}";
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theSameTypeErrorWithDifferentNumbersIsOneIssue(String kind) {
        try (TestServer s = start(kind)) {
            for (long order : new long[] {1001, 1002, 20417, 7, 99999}) {
                assertThat(s.ingest(typeError(order)).statusCode()).isEqualTo(202);
            }
            List<JsonNode> issues = new ApiClient(s.baseUrl(), s.adminToken()).issues();
            assertThat(issues).hasSize(1);
            assertThat(issues.get(0).get("count").asLong()).isEqualTo(5);
            assertThat(issues.get(0).get("groupingRule").asInt()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void upgradingFromRule1KeepsMatchingEventsInTheirIssueDuringTheTransition(String kind) throws Exception {
        try (TestServer s = start(kind)) {
            ApiClient api = new ApiClient(s.baseUrl(), s.adminToken());
            assertThat(api.get("/api/projects/default/grouping").get("ruleVersion").asInt()).isEqualTo(2);
            put(s, "{\"ruleVersion\":1}");
            s.ingest(typeError(1));
            s.ingest(typeError(2));
            assertThat(api.issues()).hasSize(2).allMatch(i -> i.get("groupingRule").asInt() == 1);

            JsonNode upgraded = put(s, "{\"ruleVersion\":2,\"transitionDays\":7}");
            assertThat(upgraded.get("previousRuleVersion").asInt()).isEqualTo(1);
            s.ingest(typeError(1));           // matches a rule-1 issue: stays there
            s.ingest(typeError(3));           // no rule-1 issue: rule 2
            s.ingest(typeError(4));           // same rule-2 issue
            List<JsonNode> issues = api.issues();
            assertThat(issues).hasSize(3);
            assertThat(issues).filteredOn(i -> i.get("groupingRule").asInt() == 2)
                    .singleElement().satisfies(i -> assertThat(i.get("count").asLong()).isEqualTo(2));
            assertThat(issues).filteredOn(i -> i.get("title").asText().endsWith("order 1"))
                    .singleElement().satisfies(i -> assertThat(i.get("count").asLong()).isEqualTo(2));

            // Without a window, the new rule applies at once.
            put(s, "{\"ruleVersion\":1,\"transitionDays\":0}");
            put(s, "{\"ruleVersion\":2,\"transitionDays\":0}");
            s.ingest(typeError(2));
            assertThat(api.issues()).filteredOn(i -> i.get("groupingRule").asInt() == 2)
                    .singleElement().satisfies(i -> assertThat(i.get("count").asLong()).isEqualTo(3));
        }
    }

    private static JsonNode put(TestServer s, String body) throws Exception {
        var res = s.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/projects/default/grouping"))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", "Bearer " + s.adminToken())
                .timeout(Duration.ofSeconds(10)).build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return Json.MAPPER.readTree(res.body());
    }
}
