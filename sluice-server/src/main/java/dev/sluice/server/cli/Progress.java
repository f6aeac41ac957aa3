package dev.sluice.server.cli;

import java.util.Locale;

/** A one-line progress bar with rate and ETA, redrawn in place with a carriage return. */
final class Progress {

    static final int WIDTH = 30;

    private Progress() {
    }

    /** {@code [######.........]  40%  400000/1000000 events  52.1k/s  ETA 0:11}. */
    static String line(long done, long total, long elapsedNanos) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds <= 0 ? 0 : done / seconds;
        String eta = rate <= 0 ? "--:--" : clock((long) Math.ceil(Math.max(0, total - done) / rate));
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %d/%d events  %s/s  ETA %s", "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.round(fraction * 100), done, total, human(rate), eta);
    }

    static String clock(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static String human(double rate) {
        return rate >= 1000 ? String.format(Locale.ROOT, "%.1fk", rate / 1000) : String.format(Locale.ROOT, "%.0f", rate);
    }
}
