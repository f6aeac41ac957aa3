package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.LogItem;
import dev.sluice.protocol.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retention's purge batches and the log_records write family, on SQLite and PostgreSQL. Row ids are
 * time-ordered (the millisecond in the top bits), which is what a purge relies on to find old rows.
 */
class RetentionAndLogsContractTest extends OnBothStores {

    /** A time-ordered id of {@code millis}, as the server makes them. */
    static String id(long millis, int n) {
        return new UUID((millis << 16) | 0x7000L, 0x8000_0000_0000_0000L | n).toString();
    }

    @Test
    void transactionsPastTheCutoffGoInBatchesWithTheirSpans() {
        db.store.write(tx -> {
            List<TransactionRow> rows = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long at = 1_000L * (i + 1);
                rows.add(new TransactionRow(id(at, i), db.project, "GET /", "t" + i, 1, "ok", Optional.empty(),
                        Optional.empty(), at, at, Optional.empty(),
                        List.of(new Span("s" + i, "db", Optional.empty(), 1, Optional.empty()))));
            }
            tx.insertTransactions(rows);
            tx.retention().setDays(db.project, DataFamily.TRANSACTIONS, 1);
            return null;
        });
        Optional<String> after = Optional.empty();
        int deleted = 0;
        int batches = 0;
        while (true) {
            Optional<String> from = after;
            RetentionWrites.Purged p = db.store.write(tx -> tx.retention().purgeBatch(db.project,
                    DataFamily.TRANSACTIONS, 3_500, from, 2));
            deleted += p.deleted();
            after = p.after();
            batches++;
            if (p.scanned() < 2) {
                break;
            }
        }
        assertThat(deleted).isEqualTo(3);
        assertThat(batches).isEqualTo(2);
        assertThat(db.count("transactions")).isEqualTo(2);
        assertThat(db.count("spans")).isEqualTo(2);
        assertThat(db.rows("SELECT days FROM retention_settings WHERE project_id = ? AND family = ?",
                db.project.value(), DataFamily.TRANSACTIONS.id())).containsExactly(List.of("1"));
    }

    @Test
    void errorEventsKeepASamplePerIssueAndOtherProjectsAreUntouched() {
        var other = db.store.createProject("p2", 1000).id();
        db.store.write(tx -> {
            for (var project : List.of(db.project, other)) {
                String issue = "i-" + project.value();
                tx.upsertIssues(project, List.of(new IssueUpsert(issue, 1, "fp", "E", "error", 8, 1, 8,
                        Optional.empty(), Optional.empty())));
                List<ErrorEventRow> rows = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    long at = 1_000L * (i + 1);
                    rows.add(new ErrorEventRow(id(at, project == db.project ? i : 100 + i),
                            project, issue, at, at, Optional.empty(), "error", Optional.empty(), Optional.empty(), "{}"));
                }
                tx.insertErrorEvents(rows);
            }
            return null;
        });
        RetentionWrites.Purged p = db.store.write(tx -> tx.retention().purgeBatch(db.project, DataFamily.ERROR_EVENTS,
                100_000, Optional.empty(), 100));
        assertThat(p.scanned()).isEqualTo(8);
        assertThat(p.deleted()).isEqualTo(8 - RetentionWrites.SAMPLE_PER_ISSUE);
        assertThat(db.rows("SELECT COUNT(*) FROM error_events WHERE project_id = ?", db.project.value()))
                .containsExactly(List.of(Integer.toString(RetentionWrites.SAMPLE_PER_ISSUE)));
        assertThat(db.rows("SELECT COUNT(*) FROM error_events WHERE project_id = ?", other.value()))
                .containsExactly(List.of("8"));
    }

    @Test
    void logRecordsAreStoredWithEveryFieldAndNulBytesReplacedAlike() {
        LogItem item = new LogItem(Optional.of("2026-01-01T00:00:00Z"), 17, "ERROR", "db\u0000down \uD83D\uDE00",
                Optional.of("5b8efff798038103d269b633813fc60c"), Optional.of("eee19b7ec3c1b174"), Optional.of("api"),
                Optional.of("prod"), Optional.of("1.0"), "{\"k\":\"v\\u0000\"}");
        LogItem bare = new LogItem(Optional.empty(), 0, "UNSPECIFIED", "", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "{}");
        db.store.write(tx -> {
            tx.insertLogs(List.of(new LogRow(id(5_000, 1), db.project, 5_000, 6_000, item),
                    new LogRow(id(6_000, 2), db.project, 6_000, 6_000, bare)));
            return null;
        });
        assertThat(db.count("log_records")).isEqualTo(2);
        // PostgreSQL text cannot hold U+0000, so both stores answer the same replacement character.
        assertThat(db.rows("SELECT body FROM log_records ORDER BY id"))
                .containsExactly(List.of("db\uFFFDdown \uD83D\uDE00"), List.of(""));
    }

    @Test
    void logRecordsPastTheCutoffArePurged() {
        LogItem item = new LogItem(Optional.empty(), 9, "INFO", "x", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "{}");
        db.store.write(tx -> {
            tx.insertLogs(List.of(new LogRow(id(1_000, 1), db.project, 1_000, 1_000, item),
                    new LogRow(id(2_000, 2), db.project, 2_000, 2_000, item),
                    new LogRow(id(9_000, 3), db.project, 9_000, 9_000, item)));
            tx.retention().setDays(db.project, DataFamily.LOGS, 1);
            return null;
        });
        RetentionWrites.Purged p = db.store.write(tx -> tx.retention().purgeBatch(db.project, DataFamily.LOGS, 5_000,
                Optional.empty(), 100));
        assertThat(p.deleted()).isEqualTo(2);
        assertThat(db.rows("SELECT id FROM log_records")).containsExactly(List.of(id(9_000, 3)));
    }
}
