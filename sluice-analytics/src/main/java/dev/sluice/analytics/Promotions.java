package dev.sluice.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Promoted property columns. A top-level property key that appears in at least {@value #SHARE_PERCENT}% of a
 * sample of recent events with one stable JSON type (integers and decimals count as one: numbers) gets three columns in {@code events}: {@code p<n>_s} (its
 * text, exactly what {@code json_extract_string} answers), {@code p<n>_t} (its JSON type) and {@code p<n>_n} (the
 * text as a double, what numeric comparisons read). They are computed once when a row is stored instead of
 * parsing JSON on every query, and they equal the JSON expressions by construction, so answers never change:
 * the stable-type rule only decides which keys are worth columns (a key whose type later varies still reads
 * correctly, its type column says which rows are numbers).
 *
 * <p>Backfill: promoting adds the columns and fills them for every stored row in the same transaction, so a
 * query sees a key either not promoted or promoted with every row filled. A rebuild keeps the promotions.
 */
final class Promotions {

    /** Share of sampled events a key needs to be promoted. */
    static final int SHARE_PERCENT = 10;
    /** At most this many promoted keys (each costs three columns on every row). */
    static final int MAX_KEYS = 24;
    /** Recent events sampled when deciding. */
    static final int SAMPLE = 50_000;

    private Promotions() {
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS promoted (col INTEGER PRIMARY KEY, source VARCHAR NOT NULL, "
                    + "name VARCHAR NOT NULL)");
        }
    }

    static List<PromotedKey> load(Connection c) throws SQLException {
        List<PromotedKey> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT col, source, name FROM promoted ORDER BY col")) {
            while (rs.next()) {
                out.add(new PromotedKey(rs.getInt(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    /** Each promoted column with the expression that fills it from {@code auto_props}/{@code custom_props}. */
    static List<String[]> assignments(List<PromotedKey> keys) {
        List<String[]> out = new ArrayList<>();
        for (PromotedKey k : keys) {
            String json = k.source() + "_props";
            String path = "'$.\"" + k.name().replace("'", "''") + "\"'";
            String text = "json_extract_string(" + json + ", " + path + ")";
            out.add(new String[] {k.text(), text});
            out.add(new String[] {k.type(), "json_type(json_extract(" + json + ", " + path + "))"});
            out.add(new String[] {k.number(), "TRY_CAST(" + text + " AS DOUBLE)"});
        }
        return out;
    }

    /**
     * Promotes the frequent, stably typed keys of the most recent events that are not promoted yet (up to
     * {@link #MAX_KEYS} in all), backfilling every stored row; answers whether anything was promoted.
     */
    static boolean review(Connection c) throws SQLException {
        List<PromotedKey> have = load(c);
        if (have.size() >= MAX_KEYS) {
            return false;
        }
        List<String[]> candidates = new ArrayList<>();
        String sample = "(SELECT auto_props, custom_props FROM events ORDER BY pos DESC LIMIT " + SAMPLE + ")";
        String keys = "SELECT source, k, CASE WHEN t0 IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT') THEN 'NUMBER' "
                + "ELSE t0 END AS t FROM (SELECT source, k, json_type(json_extract(props, '$.\"' || k || '\"')) AS t0 "
                + "FROM (SELECT 'auto' AS source, auto_props AS props, unnest(json_keys(auto_props)) AS k FROM " + sample
                + " UNION ALL SELECT 'custom', custom_props, unnest(json_keys(custom_props)) FROM " + sample + "))";
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("WITH n AS (SELECT count(*) AS total FROM " + sample + "), k AS (" + keys
                     + ") SELECT source, k FROM k, n WHERE k NOT LIKE '%.%' AND k NOT LIKE '%\"%' GROUP BY source, k, "
                     + "n.total HAVING count(*) * 100 >= n.total * " + SHARE_PERCENT + " AND count(DISTINCT t) "
                     + "FILTER (WHERE t <> 'NULL') = 1 ORDER BY count(*) DESC, source, k")) {
            while (rs.next()) {
                String source = rs.getString(1);
                String name = rs.getString(2);
                if (have.stream().noneMatch(p -> p.source().equals(source) && p.name().equals(name))) {
                    candidates.add(new String[] {source, name});
                }
            }
        }
        if (candidates.isEmpty()) {
            return false;
        }
        int next = have.stream().mapToInt(PromotedKey::col).max().orElse(0) + 1;
        List<PromotedKey> fresh = new ArrayList<>();
        for (String[] k : candidates.subList(0, Math.min(candidates.size(), MAX_KEYS - have.size()))) {
            fresh.add(new PromotedKey(next++, k[0], k[1]));
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (PromotedKey k : fresh) {
                s.execute("ALTER TABLE events ADD COLUMN " + k.text() + " VARCHAR");
                s.execute("ALTER TABLE events ADD COLUMN " + k.type() + " VARCHAR");
                s.execute("ALTER TABLE events ADD COLUMN " + k.number() + " DOUBLE");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO promoted VALUES (?, ?, ?)")) {
                    ps.setInt(1, k.col());
                    ps.setString(2, k.source());
                    ps.setString(3, k.name());
                    ps.executeUpdate();
                }
            }
            StringBuilder set = new StringBuilder();
            for (String[] a : assignments(fresh)) {
                set.append(set.isEmpty() ? "" : ", ").append(a[0]).append(" = ").append(a[1]);
            }
            s.execute("UPDATE events SET " + set);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return true;
    }
}
