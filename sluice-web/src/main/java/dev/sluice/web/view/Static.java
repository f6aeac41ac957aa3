package dev.sluice.web.view;

/** URLs of the dashboard's static files. */
public final class Static {

    /** Part of every asset URL, so a new build is never served from a stale browser cache. */
    public static final String VERSION = Long.toString(ProcessHandle.current().info().startInstant()
            .map(java.time.Instant::toEpochMilli).orElse(0L), 36);

    private Static() {
    }

    /** The URL of {@code file} (e.g. {@code app.css}, {@code vendor/htmx.min.js}). */
    public static String url(String file) {
        return "/static/" + VERSION + "/" + file;
    }
}
