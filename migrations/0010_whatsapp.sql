-- WhatsApp Cloud API (issue 15): webhook events as received, conversations per phone number
-- with their messages and photos, the outbox of messages to send, delivery statuses on the
-- communication log, and when a customer first reported a ticket's problem.

-- A webhook POST whose signature was right, stored as it came in the transaction that
-- accepts it; the jobs process it (pending -> done, or failed after repeated errors).
-- body_sha256 makes a delivery Meta repeats byte for byte one row.
CREATE TABLE whatsapp_events (
	event_id @ID@,
	body_sha256 TEXT NOT NULL UNIQUE,
	body TEXT NOT NULL,
	received_at BIGINT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT,
	processed_at BIGINT
);
CREATE INDEX whatsapp_events_pending ON whatsapp_events (event_id) WHERE state = 'pending';

-- One per customer phone number (E.164 digits without '+', as WhatsApp's wa_id).
-- last_inbound_at opens the 24-hour customer-service window; ack_sent_at is the last
-- automatic acknowledgement.  customer_id is the record matched by phone, with no foreign
-- key: the records may be views over the ERP's own tables (docs/erp-integration.md).
CREATE TABLE whatsapp_conversations (
	conversation_id @ID@,
	phone TEXT NOT NULL UNIQUE,
	profile_name TEXT,
	customer_id TEXT,
	first_message_at BIGINT NOT NULL,
	last_inbound_at BIGINT NOT NULL,
	last_message_at BIGINT NOT NULL,
	ack_sent_at BIGINT,
	ticket_id BIGINT REFERENCES tickets (ticket_id)
);
CREATE INDEX whatsapp_conversations_last ON whatsapp_conversations (last_message_at);

-- A message in or out.  wamid is WhatsApp's id: each is handled once.  A photo's bytes are
-- fetched by the jobs (media_state pending -> stored | failed) and kept once under their
-- SHA-256 in the file store; ticket_id is set when the message went into a ticket.
CREATE TABLE whatsapp_messages (
	message_id @ID@,
	conversation_id BIGINT NOT NULL REFERENCES whatsapp_conversations (conversation_id),
	wamid TEXT NOT NULL UNIQUE,
	direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
	type TEXT NOT NULL,
	body TEXT,
	sent_at BIGINT NOT NULL,
	media_id TEXT,
	media_state TEXT CHECK (media_state IN ('pending', 'stored', 'failed')),
	media_sha256 TEXT,
	media_mime TEXT,
	media_size BIGINT,
	media_error TEXT,
	media_attempts INTEGER NOT NULL DEFAULT 0,
	ticket_id BIGINT REFERENCES tickets (ticket_id)
);
CREATE INDEX whatsapp_messages_conversation ON whatsapp_messages (conversation_id, sent_at);
CREATE INDEX whatsapp_messages_media ON whatsapp_messages (message_id) WHERE media_state = 'pending';
CREATE INDEX whatsapp_messages_sha ON whatsapp_messages (media_sha256);

-- Messages to send, written in the transaction of what causes them (a reply, an
-- acknowledgement, a customer notification) and sent by the jobs: pending -> sending ->
-- sent, or retry_wait (throughput limits, the remote unreachable) and failed.  kind text is
-- free text (inside the 24-hour window), template an approved template (outside it).
-- status is what the webhook said since (sent, delivered, read, failed).
CREATE TABLE whatsapp_outbox (
	send_id @ID@,
	purpose TEXT NOT NULL CHECK (purpose IN ('reply', 'ack', 'notification')),
	to_phone TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('text', 'template')),
	body TEXT NOT NULL,
	template_name TEXT,
	template_params TEXT,
	ticket_id BIGINT REFERENCES tickets (ticket_id),
	communication_id BIGINT REFERENCES communications (communication_id),
	conversation_id BIGINT REFERENCES whatsapp_conversations (conversation_id),
	state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'retry_wait', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at BIGINT,
	last_error TEXT,
	wamid TEXT UNIQUE,
	status TEXT,
	created_at BIGINT NOT NULL,
	sent_at BIGINT,
	dedupe_key TEXT UNIQUE
);
CREATE INDEX whatsapp_outbox_due ON whatsapp_outbox (next_attempt_at)
	WHERE state IN ('pending', 'sending', 'retry_wait');

-- What became of a message sent for real (WhatsApp): queued, sent, delivered, read, failed.
ALTER TABLE communications ADD COLUMN delivery_status TEXT;
ALTER TABLE communications ADD COLUMN delivery_error TEXT;

-- When the customer first reported the problem (their first WhatsApp message), when that
-- was before the ticket was made: the B2C claim window counts from it.
ALTER TABLE tickets ADD COLUMN reported_at BIGINT;
