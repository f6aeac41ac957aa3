package dev.sluice.sdk.internal;

/** Which stack frames belong to the application (shared by dedupe keys and Open Sentry frames). */
public final class Frames {

    private static final String[] LIBRARY = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "scala.",
        "dev.sluice.sdk.internal.", "jakarta.", "org.junit.", "org.apache.maven.", "ch.qos.logback."};

    private Frames() {}

    public static boolean inApp(StackTraceElement f) {
        if (f.getFileName() == null) {
            return false;
        }
        String c = f.getClassName();
        for (String p : LIBRARY) {
            if (c.startsWith(p)) {
                return false;
            }
        }
        return true;
    }

    /** The innermost in-app frame, else the innermost frame, else null. */
    public static StackTraceElement topInApp(StackTraceElement[] frames) {
        for (StackTraceElement f : frames) {
            if (inApp(f)) {
                return f;
            }
        }
        return frames.length > 0 ? frames[0] : null;
    }
}
