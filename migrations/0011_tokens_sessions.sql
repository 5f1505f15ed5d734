-- API tokens with a scope, the ticket kinds they reach, an expiry and a revocation (issue 18);
-- sessions that slide: each stays good for the idle timeout after the last activity
-- (last_seen_at, written at most once a minute), never past absolute_at (the absolute limit
-- from the sign-in).  Tokens made before keep full access and never expire.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write';
ALTER TABLE api_tokens ADD COLUMN kinds TEXT NOT NULL DEFAULT 'b2b,b2c,internal';
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
ALTER TABLE api_tokens ADD COLUMN revoked_at BIGINT;
CREATE INDEX api_tokens_user ON api_tokens (user_id, token_id);

ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
ALTER TABLE sessions ADD COLUMN absolute_at BIGINT;
UPDATE sessions SET last_seen_at = created_at, absolute_at = expires_at;
