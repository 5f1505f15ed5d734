-- Accounts, the ERP's records tickets link to, tickets with comments and their audit trail.
-- Shared by SQLite and PostgreSQL: instants are UTC seconds (BIGINT), dates are YYYY-MM-DD
-- text, money is integer paise, booleans are 0/1 integers.

CREATE TABLE users (
	user_id @ID@,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	role TEXT NOT NULL,
	password_hash TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users (user_id),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	token_id @ID@,
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES users (user_id),
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	last_used_at BIGINT
);

-- Failed sign-ins per account and per client address, for slowing down guessing.
CREATE TABLE login_failures (
	key TEXT PRIMARY KEY,
	window_start BIGINT NOT NULL,
	failures INTEGER NOT NULL
);

CREATE TABLE customers (
	customer_id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('hotel', 'restaurant', 'home')),
	phone TEXT,
	email TEXT,
	updated_at BIGINT NOT NULL
);
CREATE INDEX customers_name ON customers (name);

CREATE TABLE orders (
	so_id TEXT PRIMARY KEY,
	customer_id TEXT NOT NULL REFERENCES customers (customer_id),
	order_date TEXT NOT NULL,
	delivery_date TEXT,
	updated_at BIGINT NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id, order_date);

CREATE TABLE order_lines (
	so_id TEXT NOT NULL REFERENCES orders (so_id),
	line_no INTEGER NOT NULL,
	item TEXT NOT NULL,
	unit TEXT NOT NULL,
	ordered_qty DOUBLE PRECISION NOT NULL,
	delivered_qty DOUBLE PRECISION,
	price_paise BIGINT NOT NULL,
	PRIMARY KEY (so_id, line_no)
);

CREATE TABLE invoices (
	invoice_id TEXT PRIMARY KEY,
	so_id TEXT REFERENCES orders (so_id),
	number TEXT NOT NULL,
	date TEXT NOT NULL,
	total_paise BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX invoices_so ON invoices (so_id);

CREATE TABLE ticket_counters (
	kind TEXT PRIMARY KEY,
	last_number BIGINT NOT NULL
);
INSERT INTO ticket_counters (kind, last_number) VALUES ('b2b', 0), ('b2c', 0), ('internal', 0);

-- How many tickets of each kind are in each status and priority, kept in step by the store in
-- the transaction that inserts or changes a ticket (src/store/ticket.c).  A list filtered by
-- no more than these takes its total from here instead of counting up to a million rows.
CREATE TABLE ticket_counts (
	kind TEXT NOT NULL,
	status TEXT NOT NULL,
	priority_rank INTEGER NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (kind, status, priority_rank)
);

CREATE TABLE tickets (
	ticket_id @ID@,
	number TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	category TEXT NOT NULL,
	category_group TEXT NOT NULL,
	priority TEXT NOT NULL,
	priority_rank INTEGER NOT NULL,
	status TEXT NOT NULL,
	title TEXT NOT NULL,
	description TEXT NOT NULL,
	customer_id TEXT REFERENCES customers (customer_id),
	so_id TEXT,
	invoice_id TEXT,
	woo_order_number TEXT,
	customer_name TEXT,
	customer_email TEXT,
	customer_phone TEXT,
	delivery_date BIGINT,
	ticket_creation_date TEXT NOT NULL,
	within_policy_window INTEGER,
	days_late INTEGER,
	batch_number TEXT,
	items_affected TEXT,
	requested_resolution TEXT,
	preferred_resolution_date TEXT,
	steps_to_reproduce TEXT,
	expected_behavior TEXT,
	actual_behavior TEXT,
	affected_module TEXT,
	resolution_type TEXT,
	resolution_notes TEXT,
	created_by BIGINT NOT NULL REFERENCES users (user_id),
	assigned_to BIGINT REFERENCES users (user_id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	resolved_at BIGINT,
	closed_at BIGINT
);
-- Each list order is (kind, [filter,] sort key, ticket_id) so a page is an index range.
CREATE INDEX tickets_kind_created ON tickets (kind, created_at, ticket_id);
CREATE INDEX tickets_kind_updated ON tickets (kind, updated_at, ticket_id);
CREATE INDEX tickets_kind_priority ON tickets (kind, priority_rank, ticket_id);
CREATE INDEX tickets_kind_status ON tickets (kind, status, created_at, ticket_id);
CREATE INDEX tickets_kind_assignee ON tickets (kind, assigned_to, created_at, ticket_id);
CREATE INDEX tickets_kind_customer ON tickets (kind, customer_id, created_at, ticket_id);
CREATE INDEX tickets_kind_creator ON tickets (kind, created_by, created_at, ticket_id);

CREATE TABLE ticket_comments (
	comment_id @ID@,
	ticket_id BIGINT NOT NULL REFERENCES tickets (ticket_id),
	user_id BIGINT NOT NULL REFERENCES users (user_id),
	comment_text TEXT NOT NULL,
	visibility TEXT NOT NULL CHECK (visibility IN ('internal', 'public')),
	created_at BIGINT NOT NULL
);
CREATE INDEX ticket_comments_ticket ON ticket_comments (ticket_id, comment_id);

-- The audit trail: one row per change, never updated or deleted (each engine's migration
-- adds the triggers that refuse it).
CREATE TABLE ticket_events (
	event_id @ID@,
	ticket_id BIGINT NOT NULL REFERENCES tickets (ticket_id),
	at BIGINT NOT NULL,
	actor_id BIGINT REFERENCES users (user_id),
	type TEXT NOT NULL,
	field TEXT,
	old_value TEXT,
	new_value TEXT,
	comment_id BIGINT REFERENCES ticket_comments (comment_id),
	note TEXT
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, event_id);

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at BIGINT NOT NULL
);
