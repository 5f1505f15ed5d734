-- Postings (issue 15): what a decided resolution makes in the business's books, one row per
-- document to create in Zoho Books or WooCommerce.  Written in the transaction of the
-- decision, delivered by the outbox worker: pending -> sending (claimed until
-- next_attempt_at) -> posted, or back to pending with a later next_attempt_at, and finally
-- failed with the remote's message.  reference is the idempotency key sent to the remote
-- (the Zoho reference number, the WooCommerce coupon code or refund metadata): a retry looks
-- it up before creating anything.
CREATE TABLE postings (
	posting_id @ID@,
	ticket_id BIGINT NOT NULL REFERENCES tickets (ticket_id),
	system TEXT NOT NULL CHECK (system IN ('zoho_books', 'woocommerce')),
	kind TEXT NOT NULL CHECK (kind IN ('credit_note', 'refund', 'coupon', 'sales_order',
		'order')),
	seq INTEGER NOT NULL,
	reference TEXT NOT NULL,
	amount_paise BIGINT,
	currency TEXT,
	state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'posted', 'failed')),
	remote_id TEXT,
	remote_number TEXT,
	link TEXT,
	last_error TEXT,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	posted_at BIGINT,
	UNIQUE (ticket_id, kind, seq)
);
CREATE INDEX postings_ticket ON postings (ticket_id, posting_id);
CREATE INDEX postings_due ON postings (next_attempt_at) WHERE state IN ('pending', 'sending');
