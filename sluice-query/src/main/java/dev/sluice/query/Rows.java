package dev.sluice.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Small JDBC helpers shared by the read services. */
final class Rows {

    private Rows() {
    }

    static Optional<String> optional(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    /** Page sizes are clamped to 1–200; the default is 50. */
    static int limit(int requested) {
        return requested <= 0 ? 50 : Math.min(requested, 200);
    }
}
