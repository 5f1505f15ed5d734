-- The customer portal and satisfaction after close (issue 16): contacts of hotels and
-- restaurants, one-time codes and signed links for signing in, portal sessions (apart from
-- staff sessions), and the satisfaction survey of each closed customer ticket.
-- customer_id has no foreign key: the records may be views over the ERP's tables
-- (docs/erp-integration.md).

-- A person at a hotel or restaurant who may use the portal for their company.  email is
-- kept in lower case, phone as E.164 digits; the password (argon2id, as staff passwords)
-- is optional: a contact without one signs in by a link.
CREATE TABLE portal_contacts (
	contact_id @ID@,
	customer_id TEXT NOT NULL,
	name TEXT NOT NULL,
	email TEXT UNIQUE,
	phone TEXT,
	role TEXT,
	password_hash TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	created_by BIGINT REFERENCES users (user_id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX portal_contacts_customer ON portal_contacts (customer_id, contact_id);

-- A one-time sign-in code sent to an email address or phone (address: lower-case email or
-- E.164 digits) for a customer's order.  Only its hash is kept; it is good until
-- expires_at, once (used_at), and for a few wrong tries (attempts).
CREATE TABLE portal_codes (
	code_id @ID@,
	address TEXT NOT NULL,
	customer_id TEXT NOT NULL,
	code_hash TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT,
	attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX portal_codes_address ON portal_codes (address, code_id);

-- A link with one purpose: sign_in (a customer, or one contact of a company; used once) or
-- survey (rate one closed ticket).  Only the SHA-256 of its token is kept.
CREATE TABLE portal_links (
	token_hash TEXT PRIMARY KEY,
	purpose TEXT NOT NULL CHECK (purpose IN ('sign_in', 'survey')),
	customer_id TEXT NOT NULL,
	contact_id BIGINT REFERENCES portal_contacts (contact_id),
	ticket_id BIGINT REFERENCES tickets (ticket_id),
	created_by BIGINT REFERENCES users (user_id),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT
);

-- A portal sign-in: a home customer (contact_id NULL, address the email or phone used) or a
-- company's contact.  Never a staff session: the cookie and the table are apart.
CREATE TABLE portal_sessions (
	token_hash TEXT PRIMARY KEY,
	customer_id TEXT NOT NULL,
	contact_id BIGINT REFERENCES portal_contacts (contact_id),
	address TEXT,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX portal_sessions_contact ON portal_sessions (contact_id);

-- The satisfaction survey of a closed customer ticket: made when it closes (with who had
-- it and its category then), answered once (rating 1-5, optional comment).  month is the
-- local month of the answer (YYYY-MM) for the dashboard.
CREATE TABLE surveys (
	survey_id @ID@,
	ticket_id BIGINT NOT NULL UNIQUE REFERENCES tickets (ticket_id),
	kind TEXT NOT NULL,
	category TEXT,
	agent_id BIGINT REFERENCES users (user_id),
	customer_id TEXT,
	created_at BIGINT NOT NULL,
	sent_by TEXT,
	rating INTEGER CHECK (rating BETWEEN 1 AND 5),
	comment TEXT,
	answered_at BIGINT,
	month TEXT
);
CREATE INDEX surveys_answered ON surveys (answered_at) WHERE answered_at IS NOT NULL;
