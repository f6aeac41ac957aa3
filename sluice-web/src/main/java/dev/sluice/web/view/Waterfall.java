package dev.sluice.web.view;

import dev.sluice.query.TransactionView;
import dev.sluice.query.TransactionView.SpanView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A transaction's spans laid out as a waterfall. Spans carry durations and parents but no start offsets, so
 * children are drawn one after another from their parent's start, in the order they were sent: the nesting
 * and the widths are exact, the horizontal offsets are an approximation (the page says so).
 */
public record Waterfall(List<Row> rows, double totalMs) {

    /** Pixel geometry of the SVG. */
    public static final int WIDTH = 900;
    public static final int ROW = 20;
    public static final int LABEL = 300;

    public Waterfall {
        rows = List.copyOf(rows);
    }

    /** One bar: {@code x}/{@code w} in pixels of the bar area, {@code depth} for the label's indent. */
    public record Row(String op, String description, double durationMs, int depth, double x, double w, boolean root) {
    }

    /** The SVG height. */
    public int height() {
        return rows.size() * ROW + 4;
    }

    /** Lays out {@code t}: the transaction itself first, then its span tree depth-first. */
    public static Waterfall of(TransactionView t) {
        double total = Math.max(t.durationMs(), 0.001);
        Map<String, List<SpanView>> children = new HashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        t.spans().forEach(s -> ids.add(s.spanId()));
        List<SpanView> roots = new ArrayList<>();
        for (SpanView s : t.spans()) {
            if (s.parentSpanId().isPresent() && ids.contains(s.parentSpanId().get())
                    && !s.parentSpanId().get().equals(s.spanId())) {
                children.computeIfAbsent(s.parentSpanId().get(), k -> new ArrayList<>()).add(s);
            } else {
                roots.add(s);
            }
        }
        double area = WIDTH - LABEL;
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("transaction", t.name(), t.durationMs(), 0, 0, area, true));
        place(roots, 0, 1, children, rows, total, area, new java.util.HashSet<>());
        return new Waterfall(rows, t.durationMs());
    }

    private static void place(List<SpanView> spans, double startMs, int depth, Map<String, List<SpanView>> children,
                              List<Row> rows, double total, double area, Set<String> seen) {
        double at = startMs;
        for (SpanView s : spans) {
            if (!seen.add(s.spanId()) || rows.size() > 1000) {
                continue; // a cycle or an enormous trace: draw each span once, at most 1000 rows
            }
            double x = Math.min(area, area * at / total);
            double w = Math.max(1, Math.min(area - x, area * s.durationMs() / total));
            rows.add(new Row(s.op(), s.description().orElse(""), s.durationMs(), depth, x, w, false));
            place(children.getOrDefault(s.spanId(), List.of()), at, depth + 1, children, rows, total, area, seen);
            at += s.durationMs();
        }
    }
}
