package dev.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;

/**
 * What the row store's event insert costs per event, with and without the two secondary indexes of
 * {@code analytics_events} (time, person): plain JDBC on a fresh SQLite file with Sluice's settings (WAL,
 * synchronous=FULL, 64 MiB cache, checkpoint every 10,000 pages), one multi-row insert per chunk of 200 and one
 * commit per {@code perCommit} events, as the group commit does. Run:
 * {@code java -cp "sluice-bench/target/classes:sluice-bench/target/lib/*" dev.sluice.bench.AnalyticsInsertProbe 500000 800}.
 */
public final class AnalyticsInsertProbe {

    private AnalyticsInsertProbe() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int perCommit = args.length > 1 ? Integer.parseInt(args[1]) : 800;
        for (boolean indexes : new boolean[] {true, false, true, false}) {
            Path dir = Files.createTempDirectory("insert-probe");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("probe.db"))) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode = WAL");
                    s.execute("PRAGMA synchronous = FULL");
                    s.execute("PRAGMA cache_size = -65536");
                    s.execute("PRAGMA temp_store = MEMORY");
                    s.execute("PRAGMA wal_autocheckpoint = 10000");
                    s.execute("CREATE TABLE analytics_events (feed_seq INTEGER PRIMARY KEY AUTOINCREMENT, project_id TEXT NOT NULL, "
                            + "event_id TEXT NOT NULL, distinct_id TEXT NOT NULL, kind TEXT NOT NULL, occurred_at BIGINT NOT NULL, "
                            + "session_id TEXT NOT NULL, cookieless INTEGER NOT NULL, auto_properties TEXT NOT NULL, "
                            + "custom_properties TEXT NOT NULL, received_at BIGINT NOT NULL, UNIQUE (project_id, event_id))");
                    if (indexes) {
                        s.execute("CREATE INDEX analytics_events_by_time ON analytics_events (project_id, occurred_at)");
                        s.execute("CREATE INDEX analytics_events_by_user ON analytics_events (project_id, distinct_id, occurred_at)");
                    }
                }
                c.setAutoCommit(false);
                Random r = new Random(1);
                long start = 1_767_225_600_000L;
                String tuple = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
                String sql = "INSERT INTO analytics_events (project_id, event_id, distinct_id, kind, occurred_at, session_id, "
                        + "cookieless, auto_properties, custom_properties, received_at) VALUES "
                        + String.join(", ", java.util.Collections.nCopies(200, tuple))
                        + " ON CONFLICT (project_id, event_id) DO NOTHING RETURNING event_id";
                long t0 = System.nanoTime();
                long commitNanos = 0;
                for (int done = 0; done < total; ) {
                    for (int inCommit = 0; inCommit < perCommit && done < total; inCommit += 200, done += 200) {
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            int i = 1;
                            for (int k = 0; k < 200; k++) {
                                int user = r.nextInt(20_000);
                                ps.setString(i++, "p1");
                                ps.setString(i++, String.format("%012x-7000-8000-%012x", done + k, r.nextLong() & 0xffffffffffffL));
                                ps.setString(i++, "user-" + user);
                                ps.setString(i++, k % 10 == 0 ? "add_to_cart" : "page_view");
                                ps.setLong(i++, start + (long) (r.nextDouble() * 30 * 86_400_000L));
                                ps.setString(i++, "s-" + user + "-" + r.nextInt(30));
                                ps.setInt(i++, 0);
                                ps.setString(i++, "{\"$lib\":\"pug-node\"}");
                                ps.setString(i++, "{\"amount\":" + r.nextInt(100) + ",\"path\":\"/p" + r.nextInt(50) + "\"}");
                                ps.setLong(i++, System.currentTimeMillis());
                            }
                            try (var rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    rs.getString(1);
                                }
                            }
                        }
                    }
                    long c0 = System.nanoTime();
                    c.commit();
                    commitNanos += System.nanoTime() - c0;
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("indexes=%s events=%d per_commit=%d seconds=%.1f us_per_event=%.1f commit_share=%.0f%% load=%s%n",
                        indexes ? "4 b-trees" : "2 b-trees", total, perCommit, seconds, seconds * 1e6 / total,
                        100.0 * commitNanos / 1e9 / seconds, Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            }
        }
    }
}
