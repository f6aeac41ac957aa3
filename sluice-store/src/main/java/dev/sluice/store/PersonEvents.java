package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * SQLite: a person's analytics events found and deleted by feed position (the primary key), since the row store
 * keeps no index on distinct id (V230). The positions up to the locator's mark come from the locator; the rows
 * above it are read by primary-key range, which is the small tail the analytics replica has not read yet.
 */
final class PersonEvents {

    /** Positions per DELETE and distinct ids per scan: binds stay far below SQLite's 32,766. */
    private static final int CHUNK = 500;

    private PersonEvents() {
    }

    /** Every position of {@code project}'s events of {@code distinctIds} (candidates: some may be gone already). */
    static TreeSet<Long> positions(Connection c, ProjectId project, Collection<String> distinctIds,
                                   EventLocator locator) {
        TreeSet<Long> out = new TreeSet<>();
        if (distinctIds.isEmpty()) {
            return out;
        }
        EventLocator.Located known = locator.people(project, distinctIds);
        out.addAll(known.positions());
        List<String> ids = List.copyOf(distinctIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            // "+project_id" keeps SQLite off the (project_id, event_id) index: the walk is by rowid from the mark.
            try (PreparedStatement ps = c.prepareStatement("SELECT feed_seq FROM analytics_events WHERE feed_seq > ? "
                    + "AND +project_id = ? AND distinct_id IN (" + marks(chunk.size()) + ")")) {
                int i = 1;
                ps.setLong(i++, known.mark());
                ps.setString(i++, project.value());
                for (String id : chunk) {
                    ps.setString(i++, text(id));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("analytics store: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Deletes the rows at {@code positions} that still belong to {@code project} and (for a person with a
     * reasonable number of aliases) one of {@code distinctIds}; answers rows deleted.
     */
    static long delete(Connection c, ProjectId project, Collection<String> distinctIds, Collection<Long> positions) {
        List<Long> all = new ArrayList<>(positions);
        List<String> ids = distinctIds.size() <= CHUNK ? List.copyOf(distinctIds) : List.of();
        long removed = 0;
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM analytics_events WHERE feed_seq IN ("
                    + marks(chunk.size()) + ") AND project_id = ?"
                    + (ids.isEmpty() ? "" : " AND distinct_id IN (" + marks(ids.size()) + ")"))) {
                int i = 1;
                for (long p : chunk) {
                    ps.setLong(i++, p);
                }
                ps.setString(i++, project.value());
                for (String id : ids) {
                    ps.setString(i++, text(id));
                }
                removed += ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException("analytics store: " + e.getMessage(), e);
            }
        }
        return removed;
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** As stored: U+0000 became U+FFFD on insert (see JdbcAnalyticsWrites). */
    private static String text(String value) {
        return value.indexOf('\0') >= 0 ? value.replace('\0', '\uFFFD') : value;
    }
}
