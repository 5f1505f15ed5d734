-- Idempotency-Key (issue 16): one row per (caller, key) of a request that may change data.
-- The key is claimed (this row, unique) before the handler runs, so a retry arriving while
-- the first is running is refused (409) instead of running twice, in this process or in
-- another sharing the database.  committed is set inside the transaction of the first
-- change the request commits (svc_tx), so a claim whose request died is known to have
-- changed something or not; status (0 while running), content_type, location and body are
-- the first answer, replayed to a retry.  Rows are swept 24 hours after created_at.
CREATE TABLE idempotency_keys (
	key_id @ID@,
	user_id BIGINT NOT NULL,
	idem_key TEXT NOT NULL,
	method TEXT NOT NULL,
	path TEXT NOT NULL,
	body_hash TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	claimed_at BIGINT NOT NULL,
	committed INTEGER NOT NULL DEFAULT 0,
	status INTEGER NOT NULL DEFAULT 0,
	content_type TEXT,
	location TEXT,
	body TEXT,
	UNIQUE (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
