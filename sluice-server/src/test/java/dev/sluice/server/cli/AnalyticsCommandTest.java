package dev.sluice.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analytics.AnalyticsReplica;
import dev.sluice.protocol.ProjectId;
import dev.sluice.server.SluiceServer;
import dev.sluice.store.AnalyticsRecords.EventRow;
import dev.sluice.store.Store;
import dev.sluice.store.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice analytics rebuild}: refills the replica from the row store, with a progress line. */
class AnalyticsCommandTest {

    @TempDir
    Path dir;

    @Test
    void rebuildRefillsTheReplicaFromTheRowStore() {
        ProjectId p = new ProjectId("p");
        try (Store store = Store.open(TestDatabases.sqlite(dir))) {
            List<EventRow> rows = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                rows.add(new EventRow("e" + i, "u" + i % 10, "view", i, "", false, "{}", "{}", 1));
            }
            store.write(tx -> tx.analytics().insertEvents(p, rows));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = SluiceCommand.run("analytics", "rebuild", "--data=" + dir);
            try (Store store = Store.open(TestDatabases.sqlite(dir));
                 AnalyticsReplica open = AnalyticsReplica.open(dir.resolve(SluiceServer.ANALYTICS_FILE), store,
                         Clock.systemUTC())) {
                assertThat(open.lag().caughtUp()).isTrue();
            }
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("rebuilt the analytics replica: 5000 events");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("100%", "5000/5000 events", "ETA");
    }

    @Test
    void progressLineShowsFractionRateAndEta() {
        assertThat(Progress.line(250, 1000, 1_000_000_000L)).isEqualTo(
                "[########......................]  25%  250/1000 events  250/s  ETA 0:03");
        assertThat(Progress.line(0, 10, 0)).contains("ETA --:--");
        assertThat(Progress.clock(3725)).isEqualTo("1:02:05");
    }
}
