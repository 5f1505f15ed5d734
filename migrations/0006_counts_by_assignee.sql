-- How many tickets of each kind each user has in each status and priority (0: nobody), kept
-- in step by the store with ticket_counts, so that a list filtered by its assignee ("my
-- tickets", "unassigned") takes its total from here instead of counting every ticket an agent
-- ever had (src/store/ticket.c, counts_where).  A table of its own, so that ticket_counts
-- stays a few dozen rows a kind for the lists without an assignee.  Built from the tickets.
CREATE TABLE ticket_assignee_counts (
	kind TEXT NOT NULL,
	assigned_to BIGINT NOT NULL,
	status TEXT NOT NULL,
	priority_rank INTEGER NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (kind, assigned_to, status, priority_rank)
);
INSERT INTO ticket_assignee_counts (kind, assigned_to, status, priority_rank, n)
	SELECT kind, coalesce(assigned_to, 0), status, priority_rank, count(*)
	FROM tickets GROUP BY kind, coalesce(assigned_to, 0), status, priority_rank;
