package dev.sluice.web.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data for one uPlot chart, embedded in the page as JSON ({@code app.js} draws it). A table with the same
 * numbers sits next to every chart, so nothing is lost without JavaScript.
 *
 * @param x epoch seconds (time charts) or category positions
 * @param y one array per series, aligned with {@code x}
 */
public record Chart(String id, String kind, List<String> labels, double[] x, List<double[]> y, boolean time) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Chart {
        labels = List.copyOf(labels);
        y = List.copyOf(y);
    }

    /** A time-series line chart. */
    public static Chart lines(String id, List<String> labels, double[] epochSeconds, List<double[]> y) {
        return new Chart(id, "line", labels, epochSeconds, y, true);
    }

    /** A time-series bar chart. */
    public static Chart bars(String id, List<String> labels, double[] epochSeconds, List<double[]> y) {
        return new Chart(id, "bars", labels, epochSeconds, y, true);
    }

    /** The JSON app.js reads; {@code <} is escaped so the text can never close its script element. */
    public String json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("labels", labels);
        out.put("x", x);
        out.put("y", y);
        out.put("time", time);
        try {
            return MAPPER.writeValueAsString(out).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
