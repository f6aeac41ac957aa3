package dev.sluice.digest;

import dev.sluice.protocol.ProjectId;

/**
 * What one commit did to one issue, for whoever reacts inside the same transaction (alert rules).
 *
 * @param created the commit created the issue
 * @param transition the lifecycle change the occurrences caused
 * @param occurrences occurrences of the issue in this commit
 * @param eventCount the issue's total after this commit
 */
public record IssueActivity(ProjectId project, String issueId, String title, String level, boolean created,
                            IssueRules.Transition transition, long occurrences, long eventCount) {
}
