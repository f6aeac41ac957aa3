package dev.sluice.query;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AttachmentWrites;
import dev.sluice.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Attachments of an event (by the SDK's event id), one attachment's bytes, and a project's quota. */
public final class AttachmentQueries {

    private final Store store;

    private AttachmentQueries(Store store) {
        this.store = store;
    }

    /** Read service over {@code store}. */
    public static AttachmentQueries create(Store store) {
        return new AttachmentQueries(store);
    }

    /** One attachment without its bytes. */
    public record AttachmentView(String id, String eventId, String filename, String contentType,
                                 String attachmentType, long size, long receivedAt) {
    }

    /** The attachments of {@code eventId} in {@code project}, oldest first (at most 100). */
    public List<AttachmentView> forEvent(ProjectId project, String eventId) {
        return store.read(c -> {
            List<AttachmentView> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, event_id, filename, content_type, "
                    + "attachment_type, size, received_at FROM attachments WHERE project_id = ? AND event_id = ? "
                    + "ORDER BY id LIMIT 100")) {
                ps.setString(1, project.value());
                ps.setString(2, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AttachmentView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6), rs.getLong(7)));
                    }
                }
            }
            return out;
        });
    }

    /** The content type and bytes of one attachment of {@code project}. */
    public Optional<Content> content(ProjectId project, String attachmentId) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content_type, data, filename FROM attachments "
                    + "WHERE project_id = ? AND id = ?")) {
                ps.setString(1, project.value());
                ps.setString(2, attachmentId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Content(rs.getString(1), rs.getBytes(2), rs.getString(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /** An attachment's bytes. */
    public record Content(String contentType, byte[] data, String filename) {
    }

    /** The attachment quota of {@code project}: allowed bytes (0: none) and stored bytes. */
    public AttachmentWrites.Quota quota(ProjectId project) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT max_bytes, used_bytes FROM attachment_quotas "
                    + "WHERE project_id = ?")) {
                ps.setString(1, project.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new AttachmentWrites.Quota(AttachmentWrites.DEFAULT_MAX_BYTES, 0);
                    }
                    long max = rs.getLong(1);
                    return new AttachmentWrites.Quota(rs.wasNull() ? AttachmentWrites.DEFAULT_MAX_BYTES : max,
                            rs.getLong(2));
                }
            }
        });
    }
}
