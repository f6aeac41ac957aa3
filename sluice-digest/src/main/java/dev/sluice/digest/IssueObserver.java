package dev.sluice.digest;

import dev.sluice.store.WriteTx;
import java.util.List;

/** Reacts to issue activity inside the committing transaction (so its writes commit with the events). */
@FunctionalInterface
public interface IssueObserver {

    /** Called once per project and commit that touched issues; {@code activity} is never empty. */
    void observe(WriteTx tx, List<IssueActivity> activity, long nowMillis);
}
