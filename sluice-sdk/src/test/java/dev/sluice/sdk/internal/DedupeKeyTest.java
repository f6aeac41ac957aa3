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
        String a = DedupeKey.of(fail("user 17 not found"), Frames.DEFAULT);
        String b = DedupeKey.of(fail("user 99 not found"), Frames.DEFAULT);
        String c = DedupeKey.of(fail("quota exceeded"), Frames.DEFAULT);
        String d = DedupeKey.of(new IllegalArgumentException("user 17 not found"), Frames.DEFAULT);
        assertThat(a).isEqualTo(b).startsWith("err:").hasSize(68);
        assertThat(a).isNotEqualTo(c).isNotEqualTo(d);
    }

    @Test
    void topFrameIsTheInnermostApplicationFrame() {
        StackTraceElement[] frames = {
            new StackTraceElement("java.util.HashMap", "get", "HashMap.java", 1),
            new StackTraceElement("com.acme.Orders", "load", "Orders.java", 42),
            new StackTraceElement("com.acme.Main", "main", "Main.java", 7)};
        assertThat(Frames.DEFAULT.topInApp(frames).getClassName()).isEqualTo("com.acme.Orders");
        assertThat(Frames.DEFAULT.inApp(new StackTraceElement("com.acme.X", "m", null, -1))).isFalse();
    }

    @Test
    void frameworkFramesAreNotInAppSoPooledAndReservedThreadsShareAKey() {
        StackTraceElement handler = new StackTraceElement("com.acme.web.Checkout", "doGet", "Checkout.java", 30);
        StackTraceElement[] pooled = {handler,
            new StackTraceElement("org.eclipse.jetty.ee10.servlet.ServletHolder", "handle", "ServletHolder.java", 1),
            new StackTraceElement("org.eclipse.jetty.util.thread.QueuedThreadPool$Runner", "run", "QueuedThreadPool.java", 2)};
        StackTraceElement[] reserved = {handler,
            new StackTraceElement("org.eclipse.jetty.ee10.servlet.ServletHolder", "handle", "ServletHolder.java", 1),
            new StackTraceElement("org.eclipse.jetty.util.thread.ReservedThreadExecutor$ReservedThread", "run", "ReservedThreadExecutor.java", 3)};
        assertThat(inAppClasses(Frames.DEFAULT, pooled)).containsExactly("com.acme.web.Checkout");
        assertThat(inAppClasses(Frames.DEFAULT, reserved)).isEqualTo(inAppClasses(Frames.DEFAULT, pooled));
    }

    @Test
    void includesAndExcludesWorkAsSentrysOptions() {
        StackTraceElement app = new StackTraceElement("com.acme.Orders", "load", "Orders.java", 42);
        StackTraceElement vendored = new StackTraceElement("com.acme.vendor.Lib", "call", "Lib.java", 1);
        StackTraceElement other = new StackTraceElement("org.example.Util", "x", "Util.java", 2);
        Frames excludes = new Frames(java.util.List.of(), java.util.List.of("com.acme.vendor."));
        assertThat(excludes.inApp(app)).isTrue();
        assertThat(excludes.inApp(vendored)).isFalse();
        assertThat(excludes.inApp(other)).isTrue();
        Frames includes = new Frames(java.util.List.of("com.acme."), java.util.List.of("com.acme.vendor."));
        assertThat(includes.inApp(vendored)).as("includes win, as in Sentry").isTrue();
        assertThat(includes.inApp(other)).isFalse();
        assertThat(includes.topInApp(new StackTraceElement[] {other, app}).getClassName()).isEqualTo("com.acme.Orders");
    }

    private static java.util.List<String> inAppClasses(Frames frames, StackTraceElement[] trace) {
        return java.util.Arrays.stream(trace).filter(frames::inApp).map(StackTraceElement::getClassName).toList();
    }
}
