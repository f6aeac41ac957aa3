package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code /ai} on both stores: usage by a tag's value with latency/TTFT percentiles, and the price table in use. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class DashboardAiTest {

    @Test
    void costTokensAndLatencyByTagAndThePriceTable(TestServer s) throws Exception {
        gen(s, "search", 0.50, 100, 40, "ok");
        gen(s, "search", 0.25, 300, 60, "ok");
        gen(s, "search", 0.25, 200, 50, "error");
        gen(s, "chat", 1.00, 900, 400, "ok");
        assertThat(s.ingest("{\"type\":\"ai_generation\",\"provider\":\"openai\",\"model\":\"gpt-4o-mini\","
                + "\"inputTokens\":10,\"outputTokens\":5,\"latencyMs\":70}").statusCode()).isEqualTo(202);
        WebClient web = WebClient.admin(s.baseUrl(), s.adminToken());
        HttpResponse<String> page = web.get("/ai");
        assertThat(page.statusCode()).isEqualTo(200);
        String table = page.body().substring(page.body().indexOf("id=\"ai-by-tag\""));
        table = table.substring(0, table.indexOf("</table>"));
        // Costliest first: chat $1.00, search $1.00 in three generations (one failed), then the untagged one.
        assertThat(rows(table)).hasSize(3);
        assertThat(rows(table).get(0)).contains(">chat<").contains("$1.00");
        assertThat(rows(table).get(1)).contains(">search<").contains(">3<").contains("$1.00")
                .as("p50 of 100/200/300 ms, p95 300 ms").contains("200 ms").contains("300 ms");
        assertThat(rows(table).get(2)).contains("(no feature tag)");
        assertThat(page.body()).contains("Price table in use (v1").contains("gpt-4o");

        HttpResponse<String> byCustomer = web.get("/ai?tag=customer&range=30d");
        assertThat(byCustomer.statusCode()).isEqualTo(200);
        assertThat(byCustomer.body()).contains("acme").contains("By tag <code>customer</code>");
        assertThat(web.get("/ai?tag=bad%22tag").statusCode()).isEqualTo(400);
    }

    private static java.util.List<String> rows(String table) {
        String body = table.substring(table.indexOf("<tbody>") + 7);
        return java.util.Arrays.stream(body.split("<tr>")).filter(r -> r.contains("<td")).toList();
    }

    private static void gen(TestServer s, String feature, double cost, long latency, long ttft, String status) {
        HttpResponse<String> res = s.ingest("{\"type\":\"ai_generation\",\"provider\":\"openai\",\"model\":"
                + "\"gpt-4o\",\"inputTokens\":100,\"outputTokens\":20,\"totalCostUsd\":" + cost + ",\"latencyMs\":"
                + latency + ",\"timeToFirstTokenMs\":" + ttft + ",\"status\":\"" + status + "\",\"tags\":{\"feature\":\""
                + feature + "\",\"customer\":\"acme\"}}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
    }
}
