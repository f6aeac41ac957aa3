package dev.sluice.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Parameter binding for the job tables: U+0000 becomes U+FFFD (PostgreSQL refuses it), absent is NULL. */
final class JobBinds {

    private JobBinds() {
    }

    static String sanitize(String value) {
        return value.indexOf('\0') >= 0 ? value.replace('\0', '\uFFFD') : value;
    }

    static void text(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setString(index, sanitize(value));
    }

    static void text(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            text(ps, index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }

    static void number(PreparedStatement ps, int index, OptionalDouble value) throws SQLException {
        if (value.isPresent()) {
            ps.setDouble(index, value.getAsDouble());
        } else {
            ps.setNull(index, Types.DOUBLE);
        }
    }

    static void number(PreparedStatement ps, int index, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.getAsLong());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    static void number(PreparedStatement ps, int index, OptionalInt value) throws SQLException {
        if (value.isPresent()) {
            ps.setInt(index, value.getAsInt());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    static String placeholders(String row, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ", ").append(row);
        }
        return out.toString();
    }

    static StoreException fail(String what, SQLException e) {
        return new StoreException(what + " failed: " + e.getMessage(), e);
    }
}
