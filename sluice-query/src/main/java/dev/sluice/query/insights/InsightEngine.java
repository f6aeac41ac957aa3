package dev.sluice.query.insights;

import dev.sluice.protocol.ProjectId;

/**
 * Answers insights for one project. Implementations differ in where they read (the row store, a columnar
 * replica, later ClickHouse); the answers are the same.
 */
public interface InsightEngine {

    /** The answer to {@code query}, of the record type matching {@code query.type()}. */
    InsightResult query(ProjectId project, InsightQuery query);

    /** A page of the people of a segment. */
    SegmentQuery.Page segmentUsers(ProjectId project, SegmentQuery query);
}
