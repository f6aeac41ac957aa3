-- Attachment quota per project (issue 10): the bytes of stored attachments, kept up to date by every insert and
-- retention purge in the same transaction, so the digest decides over quota without summing the table; max_bytes
-- NULL is the default quota, 0 none.
CREATE TABLE attachment_quotas (
    project_id TEXT PRIMARY KEY,
    max_bytes BIGINT,
    used_bytes BIGINT NOT NULL
);
INSERT INTO attachment_quotas (project_id, max_bytes, used_bytes)
    SELECT project_id, NULL, SUM(size) FROM attachments GROUP BY project_id;
