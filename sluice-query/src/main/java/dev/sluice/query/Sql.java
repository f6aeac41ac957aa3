package dev.sluice.query;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A WHERE clause built from parts, with its parameters in order (strings and longs only). */
final class Sql {

    private final List<String> parts = new ArrayList<>();
    private final List<Object> args = new ArrayList<>();

    Sql and(String clause, Object... values) {
        parts.add(clause);
        args.addAll(List.of(values));
        return this;
    }

    String where() {
        return String.join(" AND ", parts);
    }

    /** Binds the parameters from index 1; answers the next free index. */
    int bind(PreparedStatement ps) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof Long l) {
                ps.setLong(i++, l);
            } else {
                ps.setString(i++, (String) a);
            }
        }
        return i;
    }
}
