package dev.sluice.sdk.internal;

import java.util.List;

/**
 * Which stack frames belong to the application (shared by dedupe keys and Open Sentry frames), as Sentry's
 * {@code inAppIncludes}/{@code inAppExcludes}: with includes, only frames under those packages are in-app; without,
 * every frame with a source file outside the JDK, common frameworks and the excludes is.
 *
 * <p>Frameworks are out by default because the server groups errors by their in-app frames: a servlet container
 * runs the same handler through different frames on its pooled and reserved threads, and one bug must still make
 * one issue.
 */
public record Frames(List<String> includes, List<String> excludes) {

    private static final List<String> LIBRARY = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.",
            "kotlinx.", "scala.", "dev.sluice.sdk.internal.", "jakarta.", "org.junit.", "org.apache.", "ch.qos.logback.",
            "org.slf4j.", "org.eclipse.jetty.", "io.netty.", "io.undertow.", "io.helidon.", "io.vertx.",
            "org.springframework.", "org.hibernate.", "com.fasterxml.", "com.google.", "io.micrometer.",
            "reactor.", "okhttp3.", "io.grpc.", "io.quarkus.", "io.micronaut.");

    /** No includes or excludes of the application's own: the JDK and common frameworks are not in-app. */
    public static final Frames DEFAULT = new Frames(List.of(), List.of());

    public Frames {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }

    public boolean inApp(StackTraceElement f) {
        String c = f.getClassName();
        if (!includes.isEmpty()) {
            return startsWithAny(c, includes);
        }
        return f.getFileName() != null && !startsWithAny(c, LIBRARY) && !startsWithAny(c, excludes);
    }

    /** The innermost in-app frame, else the innermost frame, else null. */
    public StackTraceElement topInApp(StackTraceElement[] frames) {
        for (StackTraceElement f : frames) {
            if (inApp(f)) {
                return f;
            }
        }
        return frames.length > 0 ? frames[0] : null;
    }

    private static boolean startsWithAny(String className, List<String> prefixes) {
        for (String p : prefixes) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
