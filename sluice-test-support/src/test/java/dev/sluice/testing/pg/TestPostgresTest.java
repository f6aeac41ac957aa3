package dev.sluice.testing.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void givesAWorkingServerWithTheTestRoleAndDatabase() throws Exception {
        URI uri = URI.create(TestPostgres.url());
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
        try (Connection c = DriverManager.getConnection(jdbc, "sluice", "sluice"); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE t (v jsonb)");
            s.execute("INSERT INTO t VALUES ('{\"a\": 1}')");
            try (ResultSet rs = s.executeQuery("SELECT v->>'a', current_user, current_database() FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("1");
                assertThat(rs.getString(2)).isEqualTo(uri.getUserInfo().split(":")[0]);
            }
        }
    }
}
