package dev.sluice.sdk;

/**
 * Captures uncaught exceptions (as an Open Sentry error and, when Tailpoint is configured, a task), flushes
 * briefly, then hands the exception to the previous handler — the crash is reported, never swallowed.
 */
final class UncaughtHandler implements Thread.UncaughtExceptionHandler {

    private final Sluice sluice;
    private final Thread.UncaughtExceptionHandler previous;

    private UncaughtHandler(Sluice sluice, Thread.UncaughtExceptionHandler previous) {
        this.sluice = sluice;
        this.previous = previous;
    }

    static Thread.UncaughtExceptionHandler install(Sluice sluice) {
        UncaughtHandler h = new UncaughtHandler(sluice, Thread.getDefaultUncaughtExceptionHandler());
        Thread.setDefaultUncaughtExceptionHandler(h);
        return h;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        try {
            if (sluice.isConfigured(Family.ERRORS)) {
                sluice.errors().captureException(e, Level.FATAL);
            }
            if (sluice.isConfigured(Family.TASKS)) {
                sluice.tasks().captureError(e, ErrorOptions.builder().severity(Severity.CRITICAL)
                        .metadata("thread", t.getName()).build());
            }
            sluice.flush(java.time.Duration.ofSeconds(2)); // the thread (maybe the JVM) is about to die
        } catch (Throwable ignored) { // reporting must never mask the original crash
        } finally {
            if (previous != null) {
                previous.uncaughtException(t, e);
            } else {
                // what the JVM does with no handler at all: print to stderr
                System.err.print("Exception in thread \"" + t.getName() + "\" ");
                e.printStackTrace(System.err);
            }
        }
    }
}
