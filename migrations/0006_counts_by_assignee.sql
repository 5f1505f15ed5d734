-- ticket_counts gains the assignee (0: nobody), so that a list filtered by its assignee ("my
-- tickets", "unassigned") takes its total from here too, instead of counting every ticket an
-- agent ever had (src/store/ticket.c, counts_where).  Rebuilt from the tickets themselves.
CREATE TABLE ticket_counts_new (
	kind TEXT NOT NULL,
	status TEXT NOT NULL,
	priority_rank INTEGER NOT NULL,
	assigned_to BIGINT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (kind, status, priority_rank, assigned_to)
);
INSERT INTO ticket_counts_new (kind, status, priority_rank, assigned_to, n)
	SELECT kind, status, priority_rank, coalesce(assigned_to, 0), count(*)
	FROM tickets GROUP BY kind, status, priority_rank, coalesce(assigned_to, 0);
DROP TABLE ticket_counts;
ALTER TABLE ticket_counts_new RENAME TO ticket_counts;
