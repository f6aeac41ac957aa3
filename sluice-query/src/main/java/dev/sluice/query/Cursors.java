package dev.sluice.query;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;

/** Opaque cursors: the sort key of the last row of a page, base64url encoded. */
final class Cursors {

    private Cursors() {
    }

    static String encode(long sortValue, String id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((sortValue + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The decoded cursor; a malformed one is an {@link IllegalArgumentException} the API answers with 400. */
    static Optional<Position> decode(Optional<String> cursor) {
        if (cursor.isEmpty() || cursor.get().isEmpty()) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.get()), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return Optional.of(new Position(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid cursor");
        }
    }

    /**
     * The keyset condition of a page after {@code after} in {@code sortColumn DESC, idColumn DESC} order, to
     * append to a WHERE clause ("" on the first page); its parameters are bound by {@link #bind}. The columns are
     * the caller's constants, never input.
     */
    static String before(Optional<Position> after, String sortColumn, String idColumn) {
        return after.isEmpty() ? ""
                : " AND (" + sortColumn + " < ? OR (" + sortColumn + " = ? AND " + idColumn + " < ?))";
    }

    /** Binds {@link #before}'s parameters from index {@code i}; answers the next free index. */
    static int bind(PreparedStatement ps, int i, Optional<Position> after) throws SQLException {
        if (after.isPresent()) {
            ps.setLong(i++, after.get().sortValue());
            ps.setLong(i++, after.get().sortValue());
            ps.setString(i++, after.get().id());
        }
        return i;
    }

    record Position(long sortValue, String id) {
    }
}
