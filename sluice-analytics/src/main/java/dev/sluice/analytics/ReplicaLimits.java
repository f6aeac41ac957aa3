package dev.sluice.analytics;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the replica's DuckDB may use. DuckDB's own default is 80 % of the machine's RAM and one thread per core,
 * which let a 10M-event query take the whole process to 1.1–1.8 GB beside a 512 MB Java heap; capped, a query
 * that needs more spills to {@code tempDirectory} (inside the data directory) instead of growing.
 *
 * @param memoryLimit DuckDB's {@code memory_limit}, e.g. {@code 192MB} or {@code 1GB}
 * @param threads     DuckDB's worker threads (≥ 1)
 * @param tempDirectory where queries larger than the limit spill (emptied by DuckDB as queries end)
 */
public record ReplicaLimits(String memoryLimit, int threads, Path tempDirectory) {

    /**
     * The default cap. At 128MB a user flow over 10M synthetic events ran out of memory, and at 192MB one over 10M
     * events ingested through BatchCreate (100,000 users) did; at 256MB it answers, and the process with the
     * launcher's 256 MB heap peaked at ~690 MiB while querying (BENCHMARKS.md, "duckmem" and "10M, after").
     */
    public static final String DEFAULT_MEMORY = "256MB";
    /** DuckDB's {@code checkpoint_threshold} for the replica (see {@link #apply}). */
    static final String CHECKPOINT_THRESHOLD = "64MB";

    private static final Pattern SIZE = Pattern.compile("\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)",
            Pattern.CASE_INSENSITIVE);

    /** Validates the values (DuckDB would refuse them later, with a less helpful message). */
    public ReplicaLimits {
        if (!SIZE.matcher(memoryLimit.trim()).matches()) {
            throw new IllegalArgumentException("analytics memory limit must look like 192MB or 1GB, not '"
                    + memoryLimit + "'");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("analytics threads must be at least 1, not " + threads);
        }
    }

    /** The defaults for a replica file: {@link #DEFAULT_MEMORY}, one thread per available core, spill beside it. */
    public static ReplicaLimits defaults(Path replicaFile) {
        return new ReplicaLimits(DEFAULT_MEMORY, Runtime.getRuntime().availableProcessors(), spillDir(replicaFile));
    }

    /**
     * The defaults with {@code SLUICE_ANALYTICS_MEMORY} and {@code SLUICE_ANALYTICS_THREADS} applied when set
     * (the map is the process environment in production, a plain map in tests).
     */
    public static ReplicaLimits fromEnvironment(Path replicaFile, Map<String, String> env) {
        ReplicaLimits d = defaults(replicaFile);
        String memory = env.getOrDefault("SLUICE_ANALYTICS_MEMORY", "").trim();
        String threads = env.getOrDefault("SLUICE_ANALYTICS_THREADS", "").trim();
        try {
            return new ReplicaLimits(memory.isEmpty() ? d.memoryLimit() : memory,
                    threads.isEmpty() ? d.threads() : Integer.parseInt(threads), d.tempDirectory());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SLUICE_ANALYTICS_THREADS must be a whole number, not '" + threads + "'", e);
        }
    }

    /** The spill directory for a replica file: {@code <file>.tmp} beside it, so spills stay in the data directory. */
    static Path spillDir(Path replicaFile) {
        Path abs = replicaFile.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".tmp");
    }

    /** Applies the limits to the database behind {@code c} (they hold for every connection duplicated from it). */
    void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // SET takes no parameters; both values are validated above, the path is quoted as a string literal.
            s.execute("SET memory_limit = '" + memoryLimit.trim() + "'");
            s.execute("SET threads = " + threads);
            s.execute("SET temp_directory = '" + tempDirectory.toAbsolutePath().toString().replace("'", "''") + "'");
            // Lets window and aggregate operators emit rows out of scan order, so they can spill instead of failing
            // with "Out of Memory" under the cap (DuckDB's advice). Every statement that needs an order says
            // ORDER BY; the rows of one without are consumed as a set.
            s.execute("SET preserve_insertion_order = false");
            // DuckDB checkpoints when its WAL passes this (default 16MB, ~70k events here): each checkpoint
            // compresses the table's last, still growing row group again, so under sustained ingest every event
            // was compressed several times and the feed spent a third of its CPU there. 64MB keeps that to about
            // once per row group; the WAL stays well under the memory cap and replays in about a second.
            s.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
        }
    }
}
