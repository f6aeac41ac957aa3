-- Span identity of OTLP transactions (issue 10): the root span's id, and for a fragment (spans exported apart
-- from their root, as OTel's SimpleSpanProcessor does) the parent it waits for; joined by trace in the digest.
ALTER TABLE transactions ADD COLUMN span_id TEXT;
ALTER TABLE transactions ADD COLUMN parent_span_id TEXT;
CREATE INDEX transactions_by_trace ON transactions (project_id, trace_id);
