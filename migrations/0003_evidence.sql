-- Evidence and traceability: files on tickets, farms and batches with their allocation to
-- order lines, root causes and farm flags, customer flags, the communication log and
-- wastage events.

-- A file sent by a user.  The bytes live once under DATA/files/ab/cdef... by their SHA-256;
-- this row is one use of them.  ticket_id is NULL while the file is an upload waiting to be
-- attached (POST /api/uploads); only its uploader may attach or read it then.
-- kind: photo (an image) or document (PDF).  filename is the client's name, shown only.
CREATE TABLE attachments (
	attachment_id @ID@,
	ticket_id BIGINT REFERENCES tickets (ticket_id),
	communication_id BIGINT,
	sha256 TEXT NOT NULL,
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size BIGINT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('photo', 'document')),
	uploaded_by BIGINT NOT NULL REFERENCES users (user_id),
	uploaded_at BIGINT NOT NULL,
	taken_at BIGINT
);
CREATE INDEX attachments_ticket ON attachments (ticket_id, attachment_id);
CREATE INDEX attachments_sha ON attachments (sha256);

CREATE TABLE farms (
	farm_id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	location TEXT,
	contact TEXT,
	updated_at BIGINT NOT NULL
);

CREATE TABLE batches (
	batch_number TEXT PRIMARY KEY,
	product TEXT NOT NULL,
	farm_id TEXT NOT NULL REFERENCES farms (farm_id),
	received_at BIGINT NOT NULL,
	received_qty DOUBLE PRECISION NOT NULL,
	damaged_qty DOUBLE PRECISION NOT NULL DEFAULT 0,
	rejected_qty DOUBLE PRECISION NOT NULL DEFAULT 0,
	unit TEXT,
	updated_at BIGINT NOT NULL
);
CREATE INDEX batches_farm ON batches (farm_id, received_at);

CREATE TABLE batch_grades (
	batch_number TEXT NOT NULL REFERENCES batches (batch_number),
	grade TEXT NOT NULL,
	qty DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (batch_number, grade)
);

-- Which batches each sales-order line was filled from; replaced with the order's lines.
CREATE TABLE order_line_allocations (
	so_id TEXT NOT NULL,
	line_no INTEGER NOT NULL,
	batch_number TEXT NOT NULL REFERENCES batches (batch_number),
	qty DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (so_id, line_no, batch_number),
	FOREIGN KEY (so_id, line_no) REFERENCES order_lines (so_id, line_no)
);
CREATE INDEX order_line_allocations_batch ON order_line_allocations (batch_number);

-- The investigation's finding on a quality ticket: farm, packing, delivery,
-- customer_handling or not_valid; affected_qty and unit_cost_paise feed wastage.
ALTER TABLE tickets ADD COLUMN root_cause TEXT;
ALTER TABLE tickets ADD COLUMN root_cause_note TEXT;
CREATE INDEX tickets_batch ON tickets (batch_number);

CREATE TABLE farm_flags (
	flag_id @ID@,
	farm_id TEXT NOT NULL REFERENCES farms (farm_id),
	ticket_id BIGINT REFERENCES tickets (ticket_id),
	reason TEXT NOT NULL,
	flagged_by BIGINT NOT NULL REFERENCES users (user_id),
	flagged_at BIGINT NOT NULL
);
CREATE INDEX farm_flags_farm ON farm_flags (farm_id, flagged_at);

-- Flags a manager sets on a customer ("high standards"); "repeat complainer" is computed.
CREATE TABLE customer_flags (
	customer_id TEXT NOT NULL REFERENCES customers (customer_id),
	flag TEXT NOT NULL,
	note TEXT,
	set_by BIGINT NOT NULL REFERENCES users (user_id),
	set_at BIGINT NOT NULL,
	PRIMARY KEY (customer_id, flag)
);

CREATE TABLE communications (
	communication_id @ID@,
	ticket_id BIGINT NOT NULL REFERENCES tickets (ticket_id),
	channel TEXT NOT NULL CHECK (channel IN ('phone', 'whatsapp', 'email', 'sms', 'in_person')),
	direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
	occurred_at BIGINT NOT NULL,
	summary TEXT NOT NULL,
	logged_by BIGINT NOT NULL REFERENCES users (user_id),
	logged_at BIGINT NOT NULL
);
CREATE INDEX communications_ticket ON communications (ticket_id, occurred_at);

-- What a confirmed damage or quality claim cost: one row per ticket.
CREATE TABLE wastage_events (
	wastage_id @ID@,
	ticket_id BIGINT NOT NULL UNIQUE REFERENCES tickets (ticket_id),
	batch_number TEXT REFERENCES batches (batch_number),
	farm_id TEXT REFERENCES farms (farm_id),
	product TEXT NOT NULL,
	qty DOUBLE PRECISION NOT NULL,
	unit_cost_paise BIGINT NOT NULL,
	cost_paise BIGINT NOT NULL,
	reason TEXT NOT NULL,
	recorded_by BIGINT NOT NULL REFERENCES users (user_id),
	recorded_at BIGINT NOT NULL
);
CREATE INDEX wastage_events_at ON wastage_events (recorded_at);
