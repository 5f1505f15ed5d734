-- The escalation sweep claims due tickets in (next_check_at, ticket_id) order, a batch at a
-- time, each batch after the last one's final key (issue 18).  Indexed on both columns, a
-- batch is read straight off the index from that key: on next_check_at alone PostgreSQL
-- read every ticket due at the same second to sort them by id (100,000 due at once: every
-- batch read all 100,000), and walked the entries that the earlier batches had left behind.
CREATE INDEX tickets_next_check_order ON tickets (next_check_at, ticket_id)
	WHERE next_check_at IS NOT NULL;
DROP INDEX tickets_next_check;
