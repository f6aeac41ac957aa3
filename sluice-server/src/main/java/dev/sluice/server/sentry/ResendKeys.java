package dev.sluice.server.sentry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.protocol.AttachmentItem;
import dev.sluice.protocol.CheckInItem;
import dev.sluice.protocol.ClientReportItem;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.LogItem;
import dev.sluice.protocol.SessionAggregateItem;
import dev.sluice.server.http.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * What makes a resent envelope recognisable, for the items that are not events (events are deduplicated by
 * their {@code event_id}). SDKs resend the same envelope after a timeout or a 5xx; the digest stores an item
 * whose key it has seen once ({@code dedupe_keys}, claimed inside the commit).
 * <ul>
 * <li>An envelope's identity is its header's {@code event_id} when it has one; otherwise a SHA-256 of its
 *     bytes with the header's {@code sent_at} left out (the Java SDK rewrites {@code sent_at} on every send
 *     attempt of the same envelope).</li>
 * <li>Attachment: its event id, type, file name and a SHA-256 of its bytes (an attachment may come in an
 *     envelope of its own after the event); without an event id, the envelope identity and its position.</li>
 * <li>Check-in: monitor, {@code check_in_id} and status, so a resent one is a no-op while the run's later
 *     status still applies; a check-in without a {@code check_in_id} has no identity and always counts.</li>
 * <li>Client reports (summed per reason and category): the envelope identity, one key for all of them.</li>
 * <li>Log records: envelope identity and item position, one key for the item's records (one
 *     {@code dedupe_keys} row per log item, not per record).</li>
 * <li>{@code sessions} aggregates: as log records, but the envelope hash keeps {@code sent_at}: two flushes of
 *     the same minute's bucket with the same counts are byte-identical except for it, and counting a real
 *     flush as a resend would lose sessions (a resend that rewrites {@code sent_at} counts again, the lesser
 *     error). Single {@code session} updates need no key: the digest keeps each session's worst state.</li>
 * </ul>
 */
final class ResendKeys {

    private final Envelope envelope;
    private final byte[] body;
    private String withoutSentAt;
    private String whole;

    ResendKeys(Envelope envelope, byte[] body) {
        this.envelope = envelope;
        this.body = body;
    }

    /** The envelope's identity (event id, or hash without {@code sent_at}); computed once, when first needed. */
    String envelope() {
        Optional<String> eventId = envelope.eventId();
        if (eventId.isPresent()) {
            return "e:" + normalised(eventId.get());
        }
        if (withoutSentAt == null) {
            ObjectNode header = envelope.headers().deepCopy();
            header.remove("sent_at");
            try {
                withoutSentAt = "h:" + sha256(Json.MAPPER.writeValueAsBytes(header), body, afterHeader());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return withoutSentAt;
    }

    /** As {@link #envelope()}, with {@code sent_at} kept in the hash. */
    String envelopeWithSentAt() {
        if (envelope.eventId().isPresent()) {
            return envelope();
        }
        if (whole == null) {
            whole = "b:" + sha256(new byte[0], body, 0);
        }
        return whole;
    }

    AttachmentItem attachment(AttachmentItem a, int position) {
        String key = a.eventId().map(id -> "att:" + id + ":" + a.attachmentType() + ":" + a.filename() + ":"
                + sha256(new byte[0], a.data(), 0)).orElseGet(() -> "att:" + envelope() + ":" + position);
        return new AttachmentItem(a.eventId(), a.filename(), a.contentType(), a.attachmentType(), a.data(),
                Optional.of(key));
    }

    static CheckInItem checkIn(CheckInItem c) {
        return new CheckInItem(c.checkInId(), c.monitorSlug(), c.status(), c.durationSeconds(), c.environment(),
                c.release(), c.config(), c.timestamp(),
                c.checkInId().map(id -> "checkin:" + c.monitorSlug() + ":" + id + ":" + c.status()));
    }

    ClientReportItem clientReport(String reason, String category, long quantity) {
        return new ClientReportItem(reason, category, quantity, Optional.empty(),
                Optional.of("report:" + envelope()));
    }

    LogItem log(LogItem l, int position) {
        return new LogItem(l.timestamp(), l.severityNumber(), l.severityText(), l.body(), l.traceId(), l.spanId(),
                l.service(), l.environment(), l.release(), l.attributesJson(),
                Optional.of("log:" + envelope() + ":" + position));
    }

    Item sessions(Item item, int position) {
        if (!(item instanceof SessionAggregateItem a)) {
            return item;
        }
        return new SessionAggregateItem(a.release(), a.environment(), a.exited(), a.errored(), a.abnormal(),
                a.crashed(), a.timestamp(), Optional.of("sessions:" + envelopeWithSentAt() + ":" + position));
    }

    /** Where the items start: after the header line. */
    private int afterHeader() {
        int newline = 0;
        while (newline < body.length && body[newline] != '\n') {
            newline++;
        }
        return Math.min(body.length, newline + 1);
    }

    static String normalised(String eventId) {
        return eventId.replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** 128 bits of SHA-256 in hex: collisions between distinct envelopes of one project are out of reach. */
    private static String sha256(byte[] prefix, byte[] bytes, int from) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(prefix);
            d.update(bytes, from, bytes.length - from);
            return HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
