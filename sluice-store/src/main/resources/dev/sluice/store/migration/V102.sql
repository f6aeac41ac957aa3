-- Client-side drops reported by Sentry SDKs (client_report items; issue 10), per UTC day, reason and category.
CREATE TABLE client_discards (
    project_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    reason TEXT NOT NULL,
    category TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    PRIMARY KEY (project_id, day, reason, category)
);
