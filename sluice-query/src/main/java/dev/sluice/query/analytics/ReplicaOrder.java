package dev.sluice.query.analytics;

import dev.sluice.analytics.AnalyticsReplica;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The replica's side of {@link MarkedEvents}: feed positions at or below a mark in time order, paged by key
 * (not by offset: the replica may lose rows between two pages, which would shift an offset past live rows).
 */
final class ReplicaOrder {

    private ReplicaOrder() {
    }

    /** A replica event in the profile page's order. */
    record Newer(long pos, long ts, String eventId) {
    }

    /** Positions in time order: {@code ts[i]} is the occurrence of the event at {@code pos[i]}. */
    record Page(long[] ts, long[] pos) {
        int size() {
            return pos.length;
        }
    }

    /**
     * Up to {@code limit} events at or below {@code mark} (of {@code project}, or of every project), oldest
     * first (ties by position), after position {@code afterPos} at {@code afterTs} (-1: from the start).
     */
    static Page oldest(AnalyticsReplica r, Optional<String> project, long mark, long afterTs, long afterPos,
                       int limit) {
        return r.read(c -> {
            String sql = "SELECT ts, pos FROM events WHERE pos <= ?" + (project.isPresent() ? " AND project = ?" : "")
                    + (afterPos < 0 ? "" : " AND (ts > ? OR ts = ? AND pos > ?)") + " ORDER BY ts, pos LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, mark);
                if (project.isPresent()) {
                    ps.setString(i++, project.get());
                }
                if (afterPos >= 0) {
                    ps.setLong(i++, afterTs);
                    ps.setLong(i++, afterTs);
                    ps.setLong(i++, afterPos);
                }
                ps.setInt(i, limit);
                java.util.stream.LongStream.Builder ts = java.util.stream.LongStream.builder();
                java.util.stream.LongStream.Builder pos = java.util.stream.LongStream.builder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ts.add(rs.getLong(1));
                        pos.add(rs.getLong(2));
                    }
                }
                return new Page(ts.build().toArray(), pos.build().toArray());
            }
        });
    }

    /**
     * {@code [all, matching]}: the replica's events at or below {@code mark} (every project), and those of
     * {@code project} that occurred before {@code cutoff} — one columnar pass, to choose between probing the
     * matching positions and scanning the row store.
     */
    static long[] counts(AnalyticsReplica r, String project, long cutoff, long mark) {
        return r.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(*) FILTER (WHERE project = ? "
                    + "AND ts < ?) FROM events WHERE pos <= ?")) {
                ps.setString(1, project);
                ps.setLong(2, cutoff);
                ps.setLong(3, mark);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        });
    }

    /**
     * Up to {@code limit} of a project's events of these distinct ids at or below {@code mark}, newest first
     * (ties by event id descending), after {@code last} (null: from the newest).
     */
    static List<Newer> newest(AnalyticsReplica r, String project, Set<String> distinctIds, long mark, Newer last,
                              int limit) {
        List<String> ids = distinctIds.stream().map(RowChecks::text).sorted().toList();
        return r.read(c -> {
            String sql = "SELECT pos, ts, event_id FROM events WHERE project = ? AND pos <= ? AND distinct_id IN ("
                    + RowChecks.marks(ids.size()) + ")"
                    + (last == null ? "" : " AND (ts < ? OR ts = ? AND event_id < ?)")
                    + " ORDER BY ts DESC, event_id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, project);
                ps.setLong(i++, mark);
                for (String id : ids) {
                    ps.setString(i++, id);
                }
                if (last != null) {
                    ps.setLong(i++, last.ts());
                    ps.setLong(i++, last.ts());
                    ps.setString(i++, last.eventId());
                }
                ps.setInt(i, limit);
                List<Newer> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Newer(rs.getLong(1), rs.getLong(2), rs.getString(3)));
                    }
                }
                return out;
            }
        });
    }
}
