package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code /analytics/profiles/{id}} on both stores lists the profile's latest 100 events, newest first, across its
 * aliases: on SQLite (no person index) through the replica's positions and the rows above its mark, on
 * PostgreSQL through its index. 130 events with distinct kinds, in two requests, the known order as reference.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class DashboardProfileTest {

    @Test
    void latestHundredEventsOfEveryAliasNewestFirst(TestServer s) {
        long t0 = Instant.now().minusSeconds(3_600).toEpochMilli();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            events.add(pug("ev-" + i, i % 3 == 0 ? "anon-9" : "user_9", String.format("k%03d", i), t0 + i * 1000L));
        }
        events.add(pug("other", "user_10", "k999", t0 + 500_000));
        send(s, "/sdk.events.v1.EventsService/BatchCreate", "{\"events\":[" + String.join(",", events.subList(0, 70))
                + "]}");
        send(s, "/sdk.profiles.v1.ProfilesSDKService/Identify", "{\"externalId\":\"user_9\",\"anonymousId\":\"anon-9\"}");
        send(s, "/sdk.events.v1.EventsService/BatchCreate", "{\"events\":[" + String.join(",",
                events.subList(70, events.size())) + "]}");

        WebClient web = WebClient.admin(s.baseUrl(), s.adminToken());
        HttpResponse<String> search = web.get("/analytics/profiles?q=user_9");
        assertThat(search.statusCode()).isEqualTo(200);
        String id = WebClient.first(search.body(), "href=\"/analytics/profiles/([^\"?]+)\"");
        HttpResponse<String> page = web.get("/analytics/profiles/" + id);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        List<String> kinds = WebClient.all(page.body(), "<tr><td>[^<]*</td><td>(k\\d{3})</td>");
        List<String> expected = new ArrayList<>();
        for (int i = 129; i >= 30; i--) {
            expected.add(String.format("k%03d", i));
        }
        assertThat(kinds).isEqualTo(expected);
    }

    private static void send(TestServer s, String path, String json) {
        HttpResponse<String> res = s.post(path, json.getBytes(StandardCharsets.UTF_8), Map.of("x-api-key",
                s.key(KeyKind.PUG_PRIVATE), "Content-Type", "application/json"));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    }

    private static String pug(String id, String user, String kind, long at) {
        return "{\"eventId\":\"" + UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)) + "\",\"sessionId\":\""
                + UUID.nameUUIDFromBytes(user.getBytes(StandardCharsets.UTF_8)) + "\",\"distinctId\":\"" + user
                + "\",\"kind\":\"" + kind + "\",\"occurTime\":\"" + Instant.ofEpochMilli(at) + "\"}";
    }
}
