package dev.sluice.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One measured run against one target, with the derived figures the report prints.
 *
 * @param commits group-commit totals over the run (zero for the ceiling server)
 * @param peakRssKb peak RSS of a spawned server during the run, -1 when not measured
 * @param ownCores CPU cores used by the generator and server together (both share the machine)
 * @param otherCores CPU cores used by other processes on the machine during the run (noise)
 * @param writerMicrosPerItem CPU µs of the in-process group-commit writer thread per item, -1 when unknown
 */
record RunResult(String target, LoadDriver.Phase phase, CommitStats commits, long peakRssKb, double ownCores,
                 double otherCores, double writerMicrosPerItem) {

    double requestsPerSecond() {
        return phase.requests() / phase.seconds();
    }

    double itemsPerSecond() {
        return phase.items() / phase.seconds();
    }

    double p50Ms() {
        return phase.latencyMicros().getValueAtPercentile(50) / 1000.0;
    }

    double p99Ms() {
        return phase.latencyMicros().getValueAtPercentile(99) / 1000.0;
    }

    double maxMs() {
        return phase.latencyMicros().getMaxValue() / 1000.0;
    }

    static String header() {
        return String.format(Locale.ROOT, "%-20s %10s %10s %8s %8s %8s %7s %6s %8s %9s %8s %8s %5s %5s %8s",
                "target", "req/s", "items/s", "p50 ms", "p99 ms", "max ms", "non2xx", "ioErr", "commits",
                "items/cmt", "cmt ms", "rss MB", "cpu", "other", "wr µs/it");
    }

    /** The numeric columns, in {@link #header()} order after the target name. */
    double[] columns() {
        return new double[] {requestsPerSecond(), itemsPerSecond(), p50Ms(), p99Ms(), maxMs(), phase.non2xx(),
                phase.ioErrors(), commits.commits(), commits.itemsPerCommit(), commits.meanCommitMillis(),
                peakRssKb < 0 ? -1 : peakRssKb / 1024.0, ownCores, otherCores,
                writerMicrosPerItem};
    }

    String line() {
        return format(target, columns());
    }

    /** Each column's own median over {@code runs} (upper middle when even), labelled as such. */
    static String medianLine(List<RunResult> runs) {
        double[] med = new double[runs.getFirst().columns().length];
        for (int c = 0; c < med.length; c++) {
            int col = c;
            double[] v = runs.stream().mapToDouble(r -> r.columns()[col]).sorted().toArray();
            med[c] = v[v.length / 2];
        }
        return format("MEDIAN " + runs.getFirst().target(), med);
    }

    private static String format(String name, double[] v) {
        return String.format(Locale.ROOT, "%-20s %10.0f %10.0f %8.2f %8.2f %8.1f %7.0f %6.0f %8.0f %9.1f %8.2f %8s %5.2f %5.2f %8s",
                name, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
                v[10] < 0 ? "-" : String.format(Locale.ROOT, "%.0f", v[10]), v[11], v[12],
                v[13] < 0 ? "-" : String.format(Locale.ROOT, "%.1f", v[13]));
    }

    /** Non-2xx statuses, for the detail line, when there were any. */
    String statusDetail() {
        Map<Integer, Long> s = phase.statuses();
        return s.toString();
    }
}
