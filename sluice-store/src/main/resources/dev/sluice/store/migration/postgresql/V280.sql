-- Dedupe keys are purged by age (retention). A BRIN index on created_at: keys arrive in created_at order, so
-- a block range summary (min/max) finds the old rows at almost no cost on the append path, unlike a B-tree
-- (one more random insert per event).
CREATE INDEX dedupe_keys_created_brin ON dedupe_keys USING brin (created_at);
