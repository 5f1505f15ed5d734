-- The help desk of issue 18: quality incidents found by the pattern rules, links between
-- tickets (related, parent/child, duplicate), and the indexes the rules count with.

-- A quality incident: a rule (batch, farm, product) fired for its subject (a batch number, a
-- farm id, a product) because enough complaints came within its window.  The rule fires once
-- per window: until window_end, later complaints on the subject are linked to it.
CREATE TABLE incidents (
	incident_id @ID@,
	rule TEXT NOT NULL CHECK (rule IN ('batch', 'farm', 'product')),
	subject TEXT NOT NULL,
	farm_id TEXT REFERENCES farms (farm_id),
	reason TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
	window_start BIGINT NOT NULL,
	window_end BIGINT NOT NULL,
	opened_at BIGINT NOT NULL,
	closed_at BIGINT,
	closed_by BIGINT REFERENCES users (user_id),
	close_note TEXT
);
CREATE INDEX incidents_subject ON incidents (rule, subject, window_end);
CREATE INDEX incidents_status ON incidents (status, incident_id);

CREATE TABLE incident_tickets (
	incident_id BIGINT NOT NULL REFERENCES incidents (incident_id),
	ticket_id BIGINT NOT NULL REFERENCES tickets (ticket_id),
	linked_at BIGINT NOT NULL,
	PRIMARY KEY (incident_id, ticket_id)
);
CREATE INDEX incident_tickets_ticket ON incident_tickets (ticket_id);

-- The rules count complaints on a batch, on a farm's batches and on a product's batches in a
-- window of creation times: one index range each.
CREATE INDEX tickets_batch_created ON tickets (batch_number, created_at)
	WHERE batch_number IS NOT NULL;
CREATE INDEX batches_product ON batches (product);

-- Links between tickets.  type: related (either way), parent (from is the parent of to),
-- duplicate (from is a duplicate of to, the ticket kept).  Shown on both tickets.
CREATE TABLE ticket_links (
	link_id @ID@,
	from_ticket BIGINT NOT NULL REFERENCES tickets (ticket_id),
	to_ticket BIGINT NOT NULL REFERENCES tickets (ticket_id),
	type TEXT NOT NULL CHECK (type IN ('related', 'parent', 'duplicate')),
	created_by BIGINT NOT NULL REFERENCES users (user_id),
	created_at BIGINT NOT NULL,
	UNIQUE (from_ticket, to_ticket, type)
);
CREATE INDEX ticket_links_to ON ticket_links (to_ticket);
