package dev.sluice.web.view;

import java.util.Locale;

/**
 * A sparkline as an SVG path, drawn on the server so the list reads without JavaScript. The view box is
 * {@link #WIDTH} × {@link #HEIGHT}; buckets are spread evenly, the tallest touches the top.
 */
public final class Spark {

    public static final int WIDTH = 120;
    public static final int HEIGHT = 24;

    private Spark() {
    }

    /** Bars for {@code counts} (one per bucket, oldest first) as one path of rectangles. */
    public static String bars(long[] counts) {
        long max = 1;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        double w = (double) WIDTH / Math.max(1, counts.length);
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double h = Math.max(1.5, HEIGHT * (double) counts[i] / max);
            d.append(String.format(Locale.ROOT, "M%.1f %.1fh%.1fv%.1fh-%.1fz", i * w, HEIGHT - h,
                    Math.max(0.8, w - 1), h, Math.max(0.8, w - 1)));
        }
        return d.toString();
    }

    /** The total of {@code counts}. */
    public static long total(long[] counts) {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }
}
