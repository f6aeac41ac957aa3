package dev.sluice.query;

import java.nio.charset.StandardCharsets;
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

    record Position(long sortValue, String id) {
    }
}
