-- Work and outcomes: teams and routing, resolutions with details and manager approval,
-- response templates, releases and the roadmap.

CREATE TABLE teams (
	team_id @ID@,
	name TEXT NOT NULL UNIQUE,
	created_at BIGINT NOT NULL
);
CREATE TABLE team_members (
	team_id BIGINT NOT NULL REFERENCES teams (team_id),
	user_id BIGINT NOT NULL REFERENCES users (user_id),
	PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);
-- On duty (1) or away (0): automatic routing skips those away.
ALTER TABLE users ADD COLUMN available INTEGER NOT NULL DEFAULT 1;
-- Round-robin position per team and kind.
CREATE TABLE routing_state (
	team_id BIGINT NOT NULL REFERENCES teams (team_id),
	kind TEXT NOT NULL,
	last_user_id BIGINT,
	PRIMARY KEY (team_id, kind)
);

ALTER TABLE tickets ADD COLUMN team_id BIGINT REFERENCES teams (team_id);
CREATE INDEX tickets_kind_team ON tickets (kind, team_id, created_at, ticket_id);
-- Open work per assignee, for least-workload routing.
CREATE INDEX tickets_assignee_status ON tickets (assigned_to, status);

-- What a resolution did, beyond its type and notes.
ALTER TABLE tickets ADD COLUMN resolution_amount_paise BIGINT;
ALTER TABLE tickets ADD COLUMN resolution_currency TEXT;
ALTER TABLE tickets ADD COLUMN resolution_reference TEXT;
ALTER TABLE tickets ADD COLUMN replacement_date TEXT;
ALTER TABLE tickets ADD COLUMN replacement_items TEXT;
-- How the customer confirmed at closing (phone, whatsapp, email, ... or auto).
ALTER TABLE tickets ADD COLUMN close_confirmation TEXT;
-- Resolved tickets waiting for the customer, for closing them automatically.
CREATE INDEX tickets_status_updated ON tickets (status, updated_at);

-- A resolution that needs a manager's approval waits here; the ticket is resolved only
-- when it is approved.
CREATE TABLE approvals (
	approval_id @ID@,
	ticket_id BIGINT NOT NULL REFERENCES tickets (ticket_id),
	resolution_type TEXT NOT NULL,
	notes TEXT NOT NULL,
	amount_paise BIGINT,
	currency TEXT,
	reference TEXT,
	replacement_date TEXT,
	replacement_items TEXT,
	requested_by BIGINT NOT NULL REFERENCES users (user_id),
	requested_at BIGINT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
	decided_by BIGINT REFERENCES users (user_id),
	decided_at BIGINT,
	decision_note TEXT
);
CREATE INDEX approvals_state ON approvals (state, approval_id);
CREATE INDEX approvals_ticket ON approvals (ticket_id, approval_id);

CREATE TABLE templates (
	template_id @ID@,
	name TEXT NOT NULL UNIQUE,
	kind TEXT,
	categories TEXT,
	channel TEXT NOT NULL,
	subject TEXT,
	body TEXT NOT NULL,
	created_by BIGINT NOT NULL REFERENCES users (user_id),
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);

CREATE TABLE releases (
	release_id @ID@,
	version TEXT NOT NULL UNIQUE,
	release_date TEXT NOT NULL,
	notes TEXT NOT NULL,
	published_at BIGINT,
	created_by BIGINT NOT NULL REFERENCES users (user_id),
	created_at BIGINT NOT NULL
);
-- Internal tickets: on the roadmap, and the release that fixes them.
ALTER TABLE tickets ADD COLUMN on_roadmap INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN release_id BIGINT REFERENCES releases (release_id);
CREATE INDEX tickets_release ON tickets (release_id);
