package dev.sluice.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sdk.ActivityEvent;
import dev.sluice.sdk.IdentifyOptions;
import dev.sluice.sdk.InsightQuery;
import dev.sluice.sdk.InsightResult;
import dev.sluice.sdk.Insights;
import dev.sluice.sdk.Profile;
import dev.sluice.sdk.Sluice;
import dev.sluice.sdk.SluiceError;
import dev.sluice.sdk.SluiceException;
import dev.sluice.sdk.TrackOptions;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's Pug family (binary Connect) against the real Sluice server on loopback. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class PugEndToEndTest {

    @TempDir
    Path dir;
    private TestServer server;
    private Sluice sluice;
    private final List<SluiceError> errors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(StoreKind kind) {
        server = kind.start(dir);
        sluice = Sluice.builder().endpoint(server.baseUrl()).pugKey(server.key(KeyKind.PUG_PRIVATE))
                .onError((e, items) -> errors.add(e)).build();
    }

    @AfterEach
    void stop() {
        sluice.close();
        server.close();
    }

    @Test
    void trackedEventsAndIdentifyAreReadBack() {
        sluice.analytics().track("anon-7", "page_view", Map.of("path", "/pricing", "n", 3));
        sluice.analytics().track("anon-7", "checkout.started", Map.of("amount", 49.5, "paid", true));
        assertThat(sluice.flush(Duration.ofSeconds(30))).isTrue();
        Boolean identified = sluice.analytics().identify("user-42", Map.of("plan", "pro", "seats", 3),
                        new IdentifyOptions(java.util.Optional.of("anon-7"), java.util.Optional.empty()))
                .toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(identified).isTrue();

        Profile profile = sluice.analytics().profiles().getByExternalId("user-42");
        assertThat(profile.properties()).containsEntry("plan", "pro");
        assertThat(sluice.analytics().profiles().get(profile.id()).externalId()).isEqualTo("user-42");
        List<Profile> all = new ArrayList<>();
        sluice.analytics().profiles().list().forEach(all::add);
        assertThat(all).extracting(Profile::externalId).contains("user-42");

        // The anonymous person's events now belong to the identified profile.
        List<ActivityEvent> feed = new ArrayList<>();
        sluice.analytics().reads().activityFeed("user-42", 1).forEach(feed::add);
        assertThat(feed).extracting(ActivityEvent::kind).containsExactlyInAnyOrder("page_view", "checkout.started");
        assertThat(sluice.analytics().reads().segmentUsers(Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofMinutes(1)), "page_view")).isNotEmpty();
        assertThat(errors).isEmpty();
    }

    @Test
    void typedInsightQueries() {
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10));
        sluice.analytics().track("u1", "page_view", Map.of("path", "/a"), TrackOptions.at(t0));
        sluice.analytics().track("u1", "checkout.started", Map.of(), TrackOptions.at(t0.plusSeconds(30)));
        sluice.analytics().track("u2", "page_view", Map.of("path", "/b"));
        sluice.analytics().track("u2", "page_view", Map.of("path", "/a"));
        assertThat(sluice.flush(Duration.ofSeconds(30))).isTrue();
        Instant from = Instant.now().minus(Duration.ofHours(1));
        Instant to = Instant.now().plus(Duration.ofMinutes(5));
        Insights insights = sluice.analytics().insights();

        InsightResult.Trends trends = (InsightResult.Trends) insights.query(InsightQuery.builder(
                InsightQuery.Type.TRENDS, from, to).event("page_view").granularity(InsightQuery.Granularity.HOUR).build());
        assertThat(trends.series()).singleElement().satisfies(series -> assertThat(series.points().stream()
                .mapToDouble(InsightResult.Point::value).sum()).isEqualTo(3));

        InsightResult.Segmentation users = (InsightResult.Segmentation) insights.query(InsightQuery.builder(
                InsightQuery.Type.SEGMENTATION, from, to).event("page_view")
                .aggregation(InsightQuery.Aggregation.UNIQUE_USERS).build());
        assertThat(users.total()).isEqualTo(2);

        InsightResult.Funnel funnel = (InsightResult.Funnel) insights.query(InsightQuery.builder(
                InsightQuery.Type.FUNNEL, from, to).event("page_view").event("checkout.started").build());
        assertThat(funnel.series()).singleElement().satisfies(f -> assertThat(f.steps())
                .extracting(InsightResult.Step::total).containsExactly(2.0, 1.0));

        InsightResult.TopK top = (InsightResult.TopK) insights.query(InsightQuery.builder(
                InsightQuery.Type.TOP_K, from, to).topKProperty("path").build());
        assertThat(top.rows().getFirst()).satisfies(r -> {
            assertThat(r.value()).isEqualTo("/a");
            assertThat(r.score()).isEqualTo(2);
        });

        // A MINUTE query over more than 6 hours is refused with the Connect code.
        assertThatThrownBy(() -> insights.query(InsightQuery.builder(InsightQuery.Type.TRENDS,
                        from.minus(Duration.ofDays(1)), to).event("page_view").granularity(InsightQuery.Granularity.MINUTE)
                .build())).isInstanceOf(SluiceException.class)
                .satisfies(e -> assertThat(((SluiceException) e).code()).isEqualTo("invalid_argument"));
        assertThat(errors).isEmpty();
    }

    @Test
    void readsThrowWithTheConnectCode() {
        assertThatThrownBy(() -> sluice.analytics().profiles().getByExternalId("nobody"))
                .isInstanceOf(SluiceException.class)
                .satisfies(e -> assertThat(((SluiceException) e).code()).isEqualTo("not_found"));
        Sluice wrongKey = Sluice.builder().endpoint(server.baseUrl()).pugKey("prv_unknown0000000000000").build();
        try (wrongKey) {
            assertThatThrownBy(() -> wrongKey.analytics().profiles().getByExternalId("user-42"))
                    .isInstanceOf(SluiceException.class)
                    .satisfies(e -> assertThat(((SluiceException) e).code()).isEqualTo("unauthenticated"));
        }
    }
}
