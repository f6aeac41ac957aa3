package dev.sluice.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DedupeKeyTest {

    private static IllegalStateException fail(String message) {
        return new IllegalStateException(message); // same frame for every call
    }

    @Test
    void normalisationStripsIdsNumbersAndHex() {
        assertThat(DedupeKey.normalise("order 12345 failed for 3f2a9c1e-8a7b-4c3d-9e8f-0123456789ab at 0xDEADBEEF"))
                .isEqualTo("order <n> failed for <uuid> at <hex>");
        assertThat(DedupeKey.normalise("blob a3f9c2d1e4b5 missing")).isEqualTo("blob <hex> missing");
        assertThat(DedupeKey.normalise("  deadline   exceeded ")).isEqualTo("deadline exceeded");
        assertThat(DedupeKey.normalise(null)).isEmpty();
    }

    @Test
    void sameBugSameKeyDifferentBugDifferentKey() {
        String a = DedupeKey.of(fail("user 17 not found"));
        String b = DedupeKey.of(fail("user 99 not found"));
        String c = DedupeKey.of(fail("quota exceeded"));
        String d = DedupeKey.of(new IllegalArgumentException("user 17 not found"));
        assertThat(a).isEqualTo(b).startsWith("err:").hasSize(68);
        assertThat(a).isNotEqualTo(c).isNotEqualTo(d);
    }

    @Test
    void topFrameIsTheInnermostApplicationFrame() {
        StackTraceElement[] frames = {
            new StackTraceElement("java.util.HashMap", "get", "HashMap.java", 1),
            new StackTraceElement("com.acme.Orders", "load", "Orders.java", 42),
            new StackTraceElement("com.acme.Main", "main", "Main.java", 7)};
        assertThat(Frames.topInApp(frames).getClassName()).isEqualTo("com.acme.Orders");
        assertThat(Frames.inApp(new StackTraceElement("com.acme.X", "m", null, -1))).isFalse();
    }
}
