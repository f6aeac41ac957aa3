package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time from {@code /proc}: the whole machine's busy time and this JVM's (plus a spawned server's). The box
 * is shared with other builds, so each run reports how many cores <em>other</em> processes used meanwhile:
 * a run with a busy neighbour is visible as such instead of silently slow.
 *
 * @param machineTicks busy jiffies of all CPUs (user+nice+system+irq+softirq+steal)
 * @param ownTicks user+system jiffies of this process and the spawned server, if any
 */
record CpuSample(long machineTicks, long ownTicks) {

    /** Linux's USER_HZ, 100 on every mainstream architecture. */
    private static final double HZ = 100.0;

    static CpuSample now(OptionalLong child) {
        long own = processTicks("self");
        if (child.isPresent()) {
            own += processTicks(Long.toString(child.getAsLong()));
        }
        return new CpuSample(readMachineTicks(), own);
    }

    /** Cores used by other processes between {@code before} and this sample, over {@code seconds}. */
    double otherCores(CpuSample before, double seconds) {
        long other = (machineTicks - before.machineTicks) - (ownTicks - before.ownTicks);
        return Math.max(0, other / HZ / seconds);
    }

    /** Cores used by this JVM (and the spawned server) between {@code before} and this sample. */
    double ownCores(CpuSample before, double seconds) {
        return (ownTicks - before.ownTicks) / HZ / seconds;
    }

    private static long readMachineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long processTicks(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name may hold spaces; fields are counted after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
