-- Indexes on what most tickets leave empty hold only the tickets that have it.  Every create
-- wrote a page of each of these (a WAL of 28 pages per create, bench/run.sh), and every update
-- one of tickets_status_updated, as updated_at always changes.  Each query that uses one names
-- the column with = (batch, release, team, assignee) or resolved_at IS NOT NULL (auto-close),
-- so the planner still takes it.
DROP INDEX tickets_batch;
CREATE INDEX tickets_batch ON tickets (batch_number) WHERE batch_number IS NOT NULL;
DROP INDEX tickets_release;
CREATE INDEX tickets_release ON tickets (release_id) WHERE release_id IS NOT NULL;
DROP INDEX tickets_kind_team;
CREATE INDEX tickets_kind_team ON tickets (kind, team_id, created_at, ticket_id)
	WHERE team_id IS NOT NULL;
DROP INDEX tickets_assignee_status;
CREATE INDEX tickets_assignee_status ON tickets (assigned_to, status)
	WHERE assigned_to IS NOT NULL;
-- Not "WHERE status = 'resolved'": a partial index compared with a constant makes SQLite
-- re-prepare every statement that binds a status ($n) each time it runs, to see whether the
-- index applies (a fifth of a status list's time); IS NOT NULL needs no value.
DROP INDEX tickets_status_updated;
CREATE INDEX tickets_resolved_updated ON tickets (status, updated_at)
	WHERE resolved_at IS NOT NULL;
-- And one more: "in progress, most urgent first", a help desk's everyday list, read through
-- the priority index a thousand tickets of other statuses for every page of 50 at a million.
CREATE INDEX tickets_kind_status_priority ON tickets (kind, status, priority_rank, ticket_id);
