package dev.sluice.digest;

import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.ProjectId;
import dev.sluice.store.GroupingSettings;
import dev.sluice.store.WriteTx;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which rule groups an error of a project, within one store transaction: the project's rule, except during a
 * transition window after a rule change, when an event whose previous-rule fingerprint already has an issue
 * stays in that issue (so upgrading never splits an open issue in two). Settings are read once per project
 * per transaction.
 */
final class GroupingRules {

    private final WriteTx tx;
    private final long nowMillis;
    private final Map<ProjectId, GroupingSettings> settings = new HashMap<>();

    GroupingRules(WriteTx tx, long nowMillis) {
        this.tx = tx;
        this.nowMillis = nowMillis;
    }

    Grouping.Group group(ProjectId project, ErrorItem item) {
        GroupingSettings s = settings.computeIfAbsent(project, p -> tx.grouping().settings(p));
        Grouping.Group current = Grouping.byRule(item, s.ruleVersion());
        if (s.inTransition(nowMillis)) {
            Grouping.Group previous = Grouping.byRule(item, s.previousVersion().getAsInt());
            if (previous.ruleVersion() != current.ruleVersion() && !tx.grouping()
                    .existingFingerprints(project, previous.ruleVersion(), Set.of(previous.fingerprint())).isEmpty()) {
                return previous;
            }
        }
        return current;
    }
}
