package dev.sluice.protocol;

import java.util.Optional;

/**
 * A file sent with an event (Sentry's {@code attachment} item): a log file, a minidump, a screenshot.
 *
 * @param eventId the event it belongs to (the envelope's {@code event_id}), when there is one
 * @param attachmentType Sentry's {@code attachment_type} ({@code event.attachment} by default)
 * @param resendKey the identity of the envelope item it came from, when a resend of the same envelope can be
 *     told apart from new data (see the Sentry adapter); the digest stores an item with a key at most once
 */
public record AttachmentItem(Optional<String> eventId, String filename, String contentType, String attachmentType,
                             byte[] data, Optional<String> resendKey) implements Item {

    /** An attachment without a resend identity: stored as sent, every time. */
    public AttachmentItem(Optional<String> eventId, String filename, String contentType, String attachmentType,
                          byte[] data) {
        this(eventId, filename, contentType, attachmentType, data, Optional.empty());
    }

    /** A resent attachment (same event, name, type and bytes) is stored once. */
    @Override
    public Optional<String> dedupeKey() {
        return resendKey;
    }

    @Override
    public Optional<String> timestamp() {
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttachmentItem a && eventId.equals(a.eventId) && filename.equals(a.filename)
                && contentType.equals(a.contentType) && attachmentType.equals(a.attachmentType)
                && java.util.Arrays.equals(data, a.data) && resendKey.equals(a.resendKey);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(eventId, filename, contentType, attachmentType, java.util.Arrays.hashCode(data), resendKey);
    }

    @Override
    public String toString() {
        return "AttachmentItem[" + filename + ", " + data.length + " bytes]";
    }
}
