package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.Frame;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupingV2Test {

    static ErrorItem error(String type, String value, List<Frame> frames, List<String> fingerprint) {
        return new ErrorItem(Optional.ofNullable(type), Optional.ofNullable(value), Optional.empty(),
                Optional.empty(), frames, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "{}",
                fingerprint);
    }

    static Frame frame(String file, String fn, boolean inApp, String module) {
        return new Frame(Optional.ofNullable(file), Optional.ofNullable(fn), inApp, Optional.ofNullable(module));
    }

    private static final List<Frame> FRAMES = List.of(frame("cart.js", "add", true, null),
            frame("node:internal", "tick", false, null), frame("app.js", "main", true, null));

    @Test
    void inAppFramesGroupRegardlessOfMessage() {
        Grouping.Group a = Grouping.v2(error("TypeError", "order 12345 failed", FRAMES, List.of()));
        Grouping.Group b = Grouping.v2(error("TypeError", "totally different text", FRAMES, List.of()));
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(a.ruleVersion()).isEqualTo(2);
        assertThat(a.title()).isEqualTo("TypeError: order 12345 failed");
    }

    @Test
    void framesIgnoreLineNumbersAndSystemFramesButNotTypeOrFunctions() {
        List<Frame> otherSystem = List.of(frame("cart.js", "add", true, null), frame("node:x", "other", false, null),
                frame("app.js", "main", true, null));
        assertThat(Grouping.v2(error("TypeError", "x", otherSystem, List.of())).fingerprint())
                .isEqualTo(Grouping.v2(error("TypeError", "x", FRAMES, List.of())).fingerprint());
        assertThat(Grouping.v2(error("RangeError", "x", FRAMES, List.of())).fingerprint())
                .isNotEqualTo(Grouping.v2(error("TypeError", "x", FRAMES, List.of())).fingerprint());
        List<Frame> otherFunction = List.of(frame("cart.js", "remove", true, null), frame("app.js", "main", true, null));
        assertThat(Grouping.v2(error("TypeError", "x", otherFunction, List.of())).fingerprint())
                .isNotEqualTo(Grouping.v2(error("TypeError", "x", FRAMES, List.of())).fingerprint());
    }

    @Test
    void moduleIsPreferredToFileName() {
        List<Frame> a = List.of(frame("Cart.java", "add", true, "com.shop.Cart"));
        List<Frame> b = List.of(frame("build/Cart.java", "add", true, "com.shop.Cart"));
        assertThat(Grouping.v2(error("E", "x", a, List.of())).fingerprint())
                .isEqualTo(Grouping.v2(error("E", "x", b, List.of())).fingerprint());
    }

    @Test
    void withoutInAppFramesTypeAndNormalisedMessageGroup() {
        List<Frame> system = List.of(frame("node:x", "f", false, null));
        String[] variants = {
            "Order 123 for user 'bob' failed at 10.0.0.1 (id 550e8400-e29b-41d4-a716-446655440000, mail a.b@x.org, ptr 0x7ffe12)",
            "Order 98765 for user 'alice' failed at 192.168.12.200 (id 123e4567-e89b-12d3-a456-426614174000, mail z@y.com, ptr 0xdead)",
        };
        Grouping.Group first = Grouping.v2(error("DbError", variants[0], system, List.of()));
        assertThat(Grouping.v2(error("DbError", variants[1], system, List.of())).fingerprint())
                .isEqualTo(first.fingerprint());
        assertThat(Grouping.v2(error("DbError", "Connection refused", system, List.of())).fingerprint())
                .isNotEqualTo(first.fingerprint());
        assertThat(Messages.normalize(variants[0])).isEqualTo(
                "Order <num> for user <quoted> failed at <ip> (id <uuid>, mail <email>, ptr <hex>)");
        assertThat(Messages.normalize("hash deadbeef42 done")).isEqualTo("hash <hex> done");
    }

    @Test
    void plainMessagesGroupByNormalisedTextAndTitleHasNoInventedType() {
        ErrorItem a = new ErrorItem(Optional.empty(), Optional.empty(), Optional.of("retry 3 of 5"), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "{}");
        ErrorItem b = new ErrorItem(Optional.empty(), Optional.empty(), Optional.of("retry 4 of 5"), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "{}");
        assertThat(Grouping.v2(a).fingerprint()).isEqualTo(Grouping.v2(b).fingerprint());
        assertThat(Grouping.v2(a).title()).isEqualTo("retry 3 of 5");
    }

    @Test
    void fingerprintWinsAndDefaultExpandsToTheRestOfTheRule() {
        Grouping.Group custom1 = Grouping.v2(error("TypeError", "a", FRAMES, List.of("checkout", "payment")));
        Grouping.Group custom2 = Grouping.v2(error("OtherError", "b", List.of(), List.of("checkout", "payment")));
        assertThat(custom1.fingerprint()).isEqualTo(custom2.fingerprint());
        Grouping.Group withDefault1 = Grouping.v2(error("TypeError", "a", FRAMES, List.of("{{ default }}", "eu")));
        Grouping.Group withDefault2 = Grouping.v2(error("TypeError", "a", FRAMES, List.of("{{ default }}", "us")));
        Grouping.Group withDefault3 = Grouping.v2(error("TypeError", "zzz", FRAMES, List.of("{{default}}", "eu")));
        assertThat(withDefault1.fingerprint()).isNotEqualTo(withDefault2.fingerprint())
                .isEqualTo(withDefault3.fingerprint())
                .isNotEqualTo(Grouping.v2(error("TypeError", "a", FRAMES, List.of())).fingerprint());
    }

    @Test
    void byRuleChoosesTheVersion() {
        ErrorItem item = error("E", "v 1", FRAMES, List.of());
        assertThat(Grouping.byRule(item, 1)).isEqualTo(Grouping.v1(item));
        assertThat(Grouping.byRule(item, 2)).isEqualTo(Grouping.v2(item));
    }
}
