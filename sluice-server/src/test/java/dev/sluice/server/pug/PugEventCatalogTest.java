package dev.sluice.server.pug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.AnalyticsValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped well-known event catalog and its checks (the examples of pug-events.md). */
class PugEventCatalogTest {

    final EventCatalog catalog = EventCatalog.shipped();

    @Test
    void catalogHasEveryKind() {
        assertThat(catalog.kinds()).isEqualTo(127);
        assertThat(catalog.typedKinds()).isEqualTo(114);
        assertThat(catalog.fields("purchase").orElseThrow()).extracting(EventCatalog.Field::name)
                .contains("amount", "currency", "orderId", "quantity");
        assertThat(catalog.fields("scroll")).isEmpty(); // web/mobile only: a custom kind for the server SDK
    }

    @Test
    void checksFollowTheSpecExamples() {
        assertThat(catalog.violations("purchase", Map.of("amount", new AnalyticsValue.Real(10),
                "currency", new AnalyticsValue.Text("USD"), "orderId", new AnalyticsValue.Text("o1"),
                "quantity", new AnalyticsValue.Int(1)))).isEmpty();
        assertThat(catalog.violations("purchase", Map.of("currency", new AnalyticsValue.Text("usd"))))
                .containsExactly("currency: currency");
        assertThat(catalog.violations("purchase", Map.of("amount", new AnalyticsValue.Real(0))))
                .containsExactly("amount: gt0");
        assertThat(catalog.violations("feature_used", Map.of("feature_name", new AnalyticsValue.Text("export"))))
                .containsExactly("featureId: required");
        assertThat(catalog.violations("feature_used", Map.of("featureId", new AnalyticsValue.Text("f1"),
                "extra_prop", new AnalyticsValue.Text("x")))).isEmpty();
        // Duration fields are never checked: no SDK sends them.
        assertThat(catalog.violations("chat_call_left", Map.of("conversationId", new AnalyticsValue.Text("c"),
                "callId", new AnalyticsValue.Text("k")))).isEmpty();
        assertThat(catalog.violations("chat_created", Map.of("conversationId", new AnalyticsValue.Text("c"),
                "participantCount", new AnalyticsValue.Int(1L << 40)))).containsExactly("participantCount: not a int32");
        assertThat(catalog.violations("my_custom_kind", Map.of())).isEmpty();
    }
}
