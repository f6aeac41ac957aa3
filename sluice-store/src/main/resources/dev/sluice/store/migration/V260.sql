-- Pieces of an OTel trace whose root never arrived (issue 10): after the join window a waiting piece becomes a
-- transaction of its own (orphaned_at set), counted once in the duration histograms and no longer adopted by a
-- root that arrives later. The partial index holds only the pieces still waiting, so the sweep finds them cheaply.
ALTER TABLE transactions ADD COLUMN orphaned_at BIGINT;
CREATE INDEX transactions_waiting ON transactions (received_at) WHERE parent_span_id IS NOT NULL AND orphaned_at IS NULL;
