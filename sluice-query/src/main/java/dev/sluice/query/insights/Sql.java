package dev.sluice.query.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL text with its bound arguments, built in order; every value is a parameter. */
final class Sql {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> args = new ArrayList<>();

    Sql add(String sql) {
        text.append(sql);
        return this;
    }

    Sql add(Sql other) {
        text.append(other.text);
        args.addAll(other.args);
        return this;
    }

    /** A bound value: String, Long, Integer or Double. */
    Sql arg(Object value) {
        text.append('?');
        args.add(value);
        return this;
    }

    /** {@code a, b, c} of bound values. */
    Sql args(List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            add(i == 0 ? "" : ", ").arg(values.get(i));
        }
        return this;
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** A row reader. */
    @FunctionalInterface
    interface Rows {
        void row(ResultSet rs) throws SQLException;
    }

    void each(Connection c, Rows rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(text.toString())) {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case String s -> ps.setString(i + 1, s);
                    case Long l -> ps.setLong(i + 1, l);
                    case Integer n -> ps.setInt(i + 1, n);
                    case Double d -> ps.setDouble(i + 1, d);
                    default -> throw new IllegalArgumentException("unsupported SQL argument " + args.get(i));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.row(rs);
                }
            }
        }
    }

    double single(Connection c) throws SQLException {
        double[] out = {0};
        each(c, rs -> out[0] = rs.getDouble(1));
        return out[0];
    }
}
