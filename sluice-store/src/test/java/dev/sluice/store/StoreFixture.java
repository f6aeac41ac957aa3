package dev.sluice.store;

import dev.sluice.protocol.ProjectId;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Opens a fresh store of one dialect for a family contract test, and reads rows back with plain SQL. */
final class StoreFixture implements AutoCloseable {

    final Store store;
    final ProjectId project;

    StoreFixture(Dialect dialect, Path dir) {
        store = Store.open(dialect == Dialect.SQLITE ? TestDatabases.sqlite(dir) : TestDatabases.postgres());
        project = store.createProject("p1", 1000).id();
    }

    /** The rows of {@code sql} (one {@code ?} per param), each column as text. */
    List<List<String>> rows(String sql, Object... params) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                List<List<String>> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= n; i++) {
                            row.add(rs.getString(i));
                        }
                        out.add(row);
                    }
                }
                return out;
            }
        });
    }

    long count(String table) {
        return Long.parseLong(rows("SELECT COUNT(*) FROM " + table).getFirst().getFirst());
    }

    @Override
    public void close() {
        store.close();
    }
}
