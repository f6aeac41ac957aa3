package dev.sluice.store;

import dev.sluice.protocol.GenerationItem;
import dev.sluice.protocol.ProjectId;
import dev.sluice.protocol.Span;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Write operations on one open transaction. Multi-row {@code INSERT … ON CONFLICT … RETURNING} statements
 * are used where the caller needs to know what happened per key: both engines support them, and one
 * statement per chunk keeps round trips to PostgreSQL low.
 */
final class JdbcWriteTx implements WriteTx {

    private final Connection connection;
    private final StatementCache statements;
    private final Dialect dialect;

    JdbcWriteTx(Connection connection, StatementCache statements, Dialect dialect) {
        this.connection = connection;
        this.statements = statements;
        this.dialect = dialect;
    }

    @Override
    public void lock(Collection<String> keys) {
        if (dialect == Dialect.SQLITE || keys.isEmpty()) {
            return;
        }
        AdvisoryLocks.lock(connection, keys);
    }

    Connection connection() {
        return connection;
    }

    @Override
    public AnalyticsWrites analytics() {
        return new JdbcAnalyticsWrites(connection, dialect, statements);
    }

    @Override
    public TaskWrites tasks() {
        return new JdbcTaskWrites(connection, statements);
    }

    @Override
    public Set<String> claimDedupeKeys(ProjectId project, Collection<String> keys, long nowMillis) {
        Set<String> fresh = new HashSet<>();
        List<String> all = keys.stream().sorted().toList();
        // Keys come back as stored (sanitised, see setText); answer them as the caller spelled them.
        Map<String, String> asGiven = new HashMap<>();
        all.forEach(k -> asGiven.put(sanitize(k), k));
        for (List<String> chunk : Chunks.of(all)) {
            String sql = "INSERT INTO dedupe_keys (project_id, dedupe_key, created_at) VALUES "
                    + repeat("(?, ?, ?)", chunk.size()) + " ON CONFLICT DO NOTHING RETURNING dedupe_key";
            try (StatementCache.Prepared p = statements.prepare(connection, sql)) {
                PreparedStatement ps = p.statement();
                int i = 1;
                for (String key : chunk) {
                    setText(ps, i++, project.value());
                    setText(ps, i++, key);
                    ps.setLong(i++, nowMillis);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fresh.add(asGiven.get(rs.getString(1)));
                    }
                }
            } catch (SQLException e) {
                throw fail("dedupe", e);
            }
        }
        return fresh;
    }

    @Override
    public Map<String, String> upsertIssues(ProjectId project, List<IssueUpsert> unsorted) {
        List<IssueUpsert> issues = LockOrder.sorted(unsorted, u -> LockOrder.key(u.ruleVersion(), u.fingerprint()));
        Map<String, String> ids = new HashMap<>();
        issues().upsert(project, issues).forEach((fingerprint, state) -> ids.put(fingerprint, state.id()));
        return ids;
    }

    @Override
    public RetentionWrites retention() {
        return new JdbcRetentionWrites(connection, dialect);
    }

    @Override
    public TraceWrites traces() {
        return new JdbcTraceWrites(this);
    }

    @Override
    public AttachmentWrites attachments() {
        return new JdbcAttachmentWrites(connection);
    }

    @Override
    public SessionWrites sessions() {
        return new JdbcSessionWrites(connection);
    }

    @Override
    public MonitorWrites monitors() {
        return new JdbcMonitorWrites(connection);
    }

    @Override
    public AlertWrites alerts() {
        return new JdbcAlertWrites(connection, statements);
    }

    @Override
    public IssueWrites issues() {
        return new JdbcIssueWrites(connection, statements);
    }

    @Override
    public void insertErrorEvents(List<ErrorEventRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (StatementCache.Prepared p = statements.prepare(connection, "INSERT INTO error_events (id, project_id, "
                + "issue_id, received_at, occurred_at, timestamp_raw, level, environment, release, detail) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            PreparedStatement ps = p.statement();
            for (ErrorEventRow r : rows) {
                setText(ps, 1, r.id());
                setText(ps, 2, r.project().value());
                setText(ps, 3, r.issueId());
                ps.setLong(4, r.receivedAt());
                ps.setLong(5, r.occurredAt());
                setOptional(ps, 6, r.timestampRaw());
                setText(ps, 7, r.level());
                setOptional(ps, 8, r.environment());
                setOptional(ps, 9, r.release());
                setText(ps, 10, r.detailJson());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw fail("error events", e);
        }
    }

    @Override
    public void insertTransactions(List<TransactionRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (StatementCache.Prepared txp = statements.prepare(connection, "INSERT INTO transactions (id, project_id, "
                + "name, trace_id, duration_ms, status, environment, release, received_at, occurred_at, timestamp_raw, "
                + "span_count, span_id, parent_span_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             StatementCache.Prepared spp = statements.prepare(connection, "INSERT INTO spans (transaction_id, seq, "
                     + "span_id, op, description, duration_ms, parent_span_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            PreparedStatement tx = txp.statement();
            PreparedStatement sp = spp.statement();
            boolean anySpan = false;
            for (TransactionRow r : rows) {
                setText(tx, 1, r.id());
                setText(tx, 2, r.project().value());
                setText(tx, 3, r.name());
                setText(tx, 4, r.traceId());
                tx.setDouble(5, r.durationMs());
                setText(tx, 6, r.status());
                setOptional(tx, 7, r.environment());
                setOptional(tx, 8, r.release());
                tx.setLong(9, r.receivedAt());
                tx.setLong(10, r.occurredAt());
                setOptional(tx, 11, r.timestampRaw());
                tx.setInt(12, r.spans().size());
                setOptional(tx, 13, r.spanId());
                setOptional(tx, 14, r.parentSpanId());
                tx.addBatch();
                int seq = 0;
                for (Span s : r.spans()) {
                    setText(sp, 1, r.id());
                    sp.setInt(2, seq++);
                    setText(sp, 3, s.spanId());
                    setText(sp, 4, s.op());
                    setOptional(sp, 5, s.description());
                    sp.setDouble(6, s.durationMs());
                    setOptional(sp, 7, s.parentSpanId());
                    sp.addBatch();
                    anySpan = true;
                }
            }
            tx.executeBatch();
            if (anySpan) {
                sp.executeBatch();
            }
        } catch (SQLException e) {
            throw fail("transactions", e);
        }
    }

    @Override
    public void addTransactionHistograms(List<TransactionHistogram> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String max = dialect == Dialect.POSTGRESQL ? "GREATEST" : "MAX";
        try (StatementCache.Prepared hp = statements.prepare(connection, "INSERT INTO transaction_hours (project_id, "
                + "name, hour, tx_count, error_count, last_seen) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, "
                + "hour, name) DO UPDATE SET tx_count = transaction_hours.tx_count + excluded.tx_count, error_count = "
                + "transaction_hours.error_count + excluded.error_count, last_seen = " + max
                + "(transaction_hours.last_seen, excluded.last_seen)");
             StatementCache.Prepared bp = statements.prepare(connection, "INSERT INTO transaction_duration_buckets "
                     + "(project_id, name, hour, bucket, tx_count) VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, "
                     + "hour, name, bucket) DO UPDATE SET tx_count = transaction_duration_buckets.tx_count "
                     + "+ excluded.tx_count")) {
            PreparedStatement h = hp.statement();
            PreparedStatement b = bp.statement();
            for (TransactionHistogram r : rows) {
                setText(h, 1, r.project().value());
                setText(h, 2, r.name());
                h.setLong(3, r.hour());
                h.setLong(4, r.count());
                h.setLong(5, r.errors());
                h.setLong(6, r.lastSeen());
                h.addBatch();
                for (var e : new java.util.TreeMap<>(r.buckets()).entrySet()) {
                    setText(b, 1, r.project().value());
                    setText(b, 2, r.name());
                    b.setLong(3, r.hour());
                    b.setInt(4, e.getKey());
                    b.setLong(5, e.getValue());
                    b.addBatch();
                }
            }
            h.executeBatch();
            b.executeBatch();
        } catch (SQLException e) {
            throw fail("transaction histograms", e);
        }
    }

    @Override
    public void insertGenerations(List<GenerationRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (StatementCache.Prepared p = statements.prepare(connection, "INSERT INTO ai_generations (id, project_id, "
                + "provider, model, input_tokens, output_tokens, total_tokens, cached_input_tokens, cache_write_tokens, "
                + "input_cost_usd, output_cost_usd, total_cost_usd, cost_source, latency_ms, time_to_first_token_ms, "
                + "status, trace_id, span_id, environment, release, received_at, occurred_at, timestamp_raw, detail) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            PreparedStatement ps = p.statement();
            for (GenerationRow r : rows) {
                GenerationItem g = r.item();
                setText(ps, 1, r.id());
                setText(ps, 2, r.project().value());
                setText(ps, 3, g.provider());
                setText(ps, 4, g.model());
                ps.setLong(5, g.tokens().input());
                ps.setLong(6, g.tokens().output());
                ps.setLong(7, g.tokens().total());
                ps.setLong(8, g.tokens().cachedInput());
                ps.setLong(9, g.tokens().cacheWrite());
                setCost(ps, 10, r.cost().known(), r.cost().input());
                setCost(ps, 11, r.cost().known(), r.cost().output());
                setCost(ps, 12, r.cost().known(), r.cost().total());
                setText(ps, 13, r.costSource());
                setOptional(ps, 14, g.latencyMs());
                setOptional(ps, 15, g.timeToFirstTokenMs());
                setText(ps, 16, g.status());
                setOptional(ps, 17, g.traceId());
                setOptional(ps, 18, g.spanId());
                setOptional(ps, 19, g.environment());
                setOptional(ps, 20, g.release());
                ps.setLong(21, r.receivedAt());
                ps.setLong(22, r.occurredAt());
                setOptional(ps, 23, g.timestamp());
                setText(ps, 24, g.detailJson());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw fail("generations", e);
        }
    }

    @Override
    public void insertLogs(List<LogRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (StatementCache.Prepared p = statements.prepare(connection, "INSERT INTO log_records (id, project_id, "
                + "occurred_at, received_at, severity_number, severity_text, body, trace_id, span_id, service, "
                + "environment, release, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            PreparedStatement ps = p.statement();
            for (LogRow r : rows) {
                setText(ps, 1, r.id());
                setText(ps, 2, r.project().value());
                ps.setLong(3, r.occurredAt());
                ps.setLong(4, r.receivedAt());
                ps.setInt(5, r.item().severityNumber());
                setText(ps, 6, r.item().severityText());
                setText(ps, 7, r.item().body());
                setOptional(ps, 8, r.item().traceId());
                setOptional(ps, 9, r.item().spanId());
                setOptional(ps, 10, r.item().service());
                setOptional(ps, 11, r.item().environment());
                setOptional(ps, 12, r.item().release());
                setText(ps, 13, r.item().attributesJson());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw fail("log records", e);
        }
    }

    @Override
    public GroupingWrites grouping() {
        return new JdbcGroupingWrites(connection, statements);
    }

    @Override
    public JobWrites jobs() {
        return new JdbcJobWrites(connection, statements, this);
    }

    /**
     * Binds text. PostgreSQL refuses U+0000 in text (SQLite takes it); clients can send it in any JSON
     * string, so both stores replace it with U+FFFD rather than fail the whole commit.
     */
    static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setString(index, sanitize(value));
    }

    static String sanitize(String value) {
        return value.indexOf('\0') >= 0 ? value.replace('\0', '\uFFFD') : value;
    }

    private static void setCost(PreparedStatement ps, int index, boolean known, double value) throws SQLException {
        if (known) {
            ps.setDouble(index, value);
        } else {
            ps.setNull(index, Types.DOUBLE);
        }
    }

    static void setOptional(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            setText(ps, index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }

    static void setOptional(PreparedStatement ps, int index, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.getAsLong());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    static String repeat(String tuple, int count) {
        List<String> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(tuple);
        }
        return String.join(", ", parts);
    }

    static StoreException fail(String what, SQLException e) {
        return new StoreException(what + " failed: " + e.getMessage(), e);
    }
}
