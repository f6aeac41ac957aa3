package dev.sluice.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** The one shared {@link ObjectMapper}, and JSON responses. */
public final class Json {

    /**
     * How deep a request document may nest. No client we serve sends more than a few levels (Sentry SDKs cut
     * at 3–10); without a small explicit cap, recursion over a deep document can exhaust a thread's stack.
     */
    public static final int MAX_NESTING = 128;

    /** Rejects trailing garbage after the document, as {@code JSON.parse} does, and nesting beyond {@link #MAX_NESTING}. */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private Json() {
    }

    /**
     * Whether {@code json} nests no deeper than {@link #MAX_NESTING}; for parsers other than {@link #MAPPER}
     * (protobuf's JSON format), which would otherwise recurse as deep as the client likes. Malformed JSON
     * passes: the real parser reports it.
     */
    public static boolean withinNestingLimit(byte[] json) {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            while (p.nextToken() != null) {
                // the parser enforces the depth constraint as it goes
            }
            return true;
        } catch (StreamConstraintsException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Money in US dollars, rounded to a ten-thousandth of a cent (6 decimals): sums of prices carry float noise
     * such as {@code 0.027299999999999998}. Written as a plain JSON number.
     */
    public static java.math.BigDecimal usd(double dollars) {
        return decimal(dollars, 6);
    }

    /** {@code value} rounded to {@code scale} decimals, written plain; e.g. durations in ms to the microsecond. */
    public static java.math.BigDecimal decimal(double value, int scale) {
        if (!Double.isFinite(value)) {
            return java.math.BigDecimal.ZERO;
        }
        java.math.BigDecimal d = java.math.BigDecimal.valueOf(value).setScale(scale, java.math.RoundingMode.HALF_EVEN);
        return d.signum() == 0 ? java.math.BigDecimal.ZERO : d.stripTrailingZeros();
    }

    /**
     * A measured quantity (rate, ratio, duration) to 4 significant digits, written plain ({@code 0.000694},
     * never {@code 6.94E-4}): more digits than that are noise in a rate over a time window.
     */
    public static java.math.BigDecimal measured(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return java.math.BigDecimal.ZERO;
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros();
    }

    /** An instant as ISO-8601 text ({@code 2026-11-30T12:00:00Z}), the one time format of every answer. */
    public static String time(long epochMillis) {
        return java.time.Instant.ofEpochMilli(epochMillis).toString();
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Sends {@code body} as {@code application/json} with {@code status}. */
    public static void send(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise response", e);
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes);
    }

    /** Sends {@code {"error": message}}. */
    public static void error(ServerResponse res, Status status, String message) {
        send(res, status, object().put("error", message));
    }
}
