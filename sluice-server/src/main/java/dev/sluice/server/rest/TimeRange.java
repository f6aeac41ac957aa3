package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code from}/{@code to} query parameters of a read (ISO-8601 instants), with the endpoint's defaults: a
 * missing {@code to} is {@code defaultTo} (the clock's now, or a little after it so that what just arrived
 * counts), a missing {@code from} is {@code span} before {@code to}. An unparsable one is a 400.
 */
record TimeRange(Instant from, Instant to) {

    static TimeRange of(ServerRequest req, Instant defaultTo, Duration span) {
        Instant to = instant(req, "to").orElse(defaultTo);
        return new TimeRange(instant(req, "from").orElse(to.minus(span)), to);
    }

    /** This range, when {@code from} is before {@code to}; a 400 otherwise (an empty range is a caller's slip). */
    TimeRange ordered() {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        return this;
    }

    /** {@code out} with this range as {@code from} and {@code to}. */
    ObjectNode putInto(ObjectNode out) {
        return out.put("from", from.toString()).put("to", to.toString());
    }

    private static Optional<Instant> instant(ServerRequest req, String name) {
        try {
            return ApiSupport.query(req, name).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }
}
