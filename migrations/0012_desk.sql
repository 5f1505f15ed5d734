-- The help desk of issue 18: quality incidents found by the pattern rules, links between
-- tickets (related, parent/child, duplicate), and the indexes the rules count with.

-- A quality incident: a rule (batch, farm, product) fired for its subject (a batch number, a
-- farm id, a product) because enough complaints came within its window.  The rule fires once
-- per window: until window_end, later complaints on the subject are linked to it.
CREATE TABLE incidents (
	incident_id @ID@,
	rule TEXT NOT NULL CHECK (rule IN ('batch', 'farm', 'product')),
	subject TEXT NOT NULL,
	farm_id TEXT, -- no foreign key: farms may be a view over the ERP (docs/erp-integration.md)
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
-- window of creation times: one index range each.  The index on batches (product) is in the
-- engine files: on PostgreSQL batches may be a view over the ERP's table, which then needs
-- that index itself (docs/erp-integration.md).
CREATE INDEX tickets_batch_created ON tickets (batch_number, created_at)
	WHERE batch_number IS NOT NULL;

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

-- Saved views: a user's named list filters and sort (the list's query string), shared with a
-- team by a manager.
CREATE TABLE saved_views (
	view_id @ID@,
	owner_id BIGINT NOT NULL REFERENCES users (user_id),
	name TEXT NOT NULL,
	list TEXT NOT NULL CHECK (list IN ('all', 'b2b', 'b2c', 'internal')),
	query TEXT NOT NULL,
	team_id BIGINT REFERENCES teams (team_id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (owner_id, name)
);
CREATE INDEX saved_views_team ON saved_views (team_id) WHERE team_id IS NOT NULL;

-- Outgoing webhooks (admins): where ticket events are posted, signed with the secret.  The
-- deliveries are their outbox: claimed with a lease, retried with backoff, logged.
CREATE TABLE webhooks (
	webhook_id @ID@,
	url TEXT NOT NULL,
	secret TEXT NOT NULL,
	events TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1,
	created_by BIGINT NOT NULL REFERENCES users (user_id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
	delivery_id @ID@,
	webhook_id BIGINT NOT NULL REFERENCES webhooks (webhook_id),
	event TEXT NOT NULL,
	ticket_id BIGINT REFERENCES tickets (ticket_id),
	body TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'delivered', 'retry_wait',
		'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at BIGINT,
	last_status INTEGER,
	last_error TEXT,
	created_at BIGINT NOT NULL,
	delivered_at BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
	WHERE state IN ('pending', 'sending', 'retry_wait');
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, delivery_id);
