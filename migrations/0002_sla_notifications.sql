-- SLA clocks on tickets, the notification outbox and each user's channel choices.

-- The SLA clock (src/domain/sla.h): budget and used are working seconds; while it runs,
-- sla_due_at and sla_risk_at say when the ticket becomes overdue and at risk; paused or
-- stopped, they are NULL.  sla_result: 0 open, 1 met, 2 missed.  next_check_at is when the
-- sweep must look at the ticket again (at risk, due, or the next reminder at the top).
ALTER TABLE tickets ADD COLUMN sla_budget BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_used BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_running_since BIGINT;
ALTER TABLE tickets ADD COLUMN sla_due_at BIGINT;
ALTER TABLE tickets ADD COLUMN sla_risk_at BIGINT;
ALTER TABLE tickets ADD COLUMN sla_result INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_warned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN next_check_at BIGINT;
ALTER TABLE tickets ADD COLUMN first_response_at BIGINT;

-- Tickets that existed before get the default resolution SLA, counted 24x7 from creation.
UPDATE tickets SET sla_budget = 3600 * CASE
	WHEN kind = 'internal' THEN CASE priority_rank WHEN 3 THEN 8 WHEN 2 THEN 72
		WHEN 1 THEN 240 ELSE 720 END
	ELSE CASE priority_rank WHEN 3 THEN 2 WHEN 2 THEN 4 WHEN 1 THEN 24 ELSE 48 END
END;
UPDATE tickets SET sla_running_since = created_at, sla_due_at = created_at + sla_budget,
	sla_risk_at = created_at + sla_budget * 3 / 4, next_check_at = created_at + sla_budget * 3 / 4
	WHERE status NOT IN ('resolved', 'closed');
UPDATE tickets SET sla_used = resolved_at - created_at,
	sla_result = CASE WHEN resolved_at - created_at <= sla_budget THEN 1 ELSE 2 END
	WHERE resolved_at IS NOT NULL;

CREATE INDEX tickets_kind_due ON tickets (kind, sla_due_at, ticket_id);
CREATE INDEX tickets_next_check ON tickets (next_check_at) WHERE next_check_at IS NOT NULL;

-- The outbox: every notification is written in the transaction of the change that caused
-- it, then delivered by a job.  In-app notifications are delivered when written (state
-- sent); email goes pending -> sending -> sent, or retry_wait (with next_attempt_at) and
-- finally failed.  dedupe_key makes repeated sweeps write a notification once.
CREATE TABLE notifications (
	notification_id @ID@,
	user_id BIGINT REFERENCES users (user_id), -- NULL: a customer, by to_address
	to_address TEXT,
	type TEXT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('in_app', 'email')),
	ticket_id BIGINT REFERENCES tickets (ticket_id),
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'retry_wait', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at BIGINT,
	last_error TEXT,
	created_at BIGINT NOT NULL,
	sent_at BIGINT,
	read_at BIGINT,
	dedupe_key TEXT UNIQUE
);
CREATE INDEX notifications_user ON notifications (user_id, channel, notification_id);
CREATE INDEX notifications_outbox ON notifications (next_attempt_at)
	WHERE state IN ('pending', 'sending', 'retry_wait');

-- Channels per user and notification type ("in_app,email"); no row means the default.
CREATE TABLE notification_prefs (
	user_id BIGINT NOT NULL REFERENCES users (user_id),
	type TEXT NOT NULL,
	channels TEXT NOT NULL,
	PRIMARY KEY (user_id, type)
);

-- A manager's decision on a B2C claim raised outside the policy window.
ALTER TABLE tickets ADD COLUMN policy_exception TEXT
	CHECK (policy_exception IN ('approved', 'rejected'));
ALTER TABLE tickets ADD COLUMN policy_exception_note TEXT;
ALTER TABLE tickets ADD COLUMN policy_exception_by BIGINT REFERENCES users (user_id);
ALTER TABLE tickets ADD COLUMN policy_exception_at BIGINT;
