package dev.sluice.protocol;

import java.util.Optional;

/**
 * A file sent with an event (Sentry's {@code attachment} item): a log file, a minidump, a screenshot.
 *
 * @param eventId the event it belongs to (the envelope's {@code event_id}), when there is one
 * @param attachmentType Sentry's {@code attachment_type} ({@code event.attachment} by default)
 */
public record AttachmentItem(Optional<String> eventId, String filename, String contentType, String attachmentType,
                             byte[] data) implements Item {

    /** Attachments are stored as sent. */
    @Override
    public Optional<String> dedupeKey() {
        return Optional.empty();
    }

    @Override
    public Optional<String> timestamp() {
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttachmentItem a && eventId.equals(a.eventId) && filename.equals(a.filename)
                && contentType.equals(a.contentType) && attachmentType.equals(a.attachmentType)
                && java.util.Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(eventId, filename, contentType, attachmentType, java.util.Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "AttachmentItem[" + filename + ", " + data.length + " bytes]";
    }
}
