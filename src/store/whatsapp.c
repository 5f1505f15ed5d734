/* SQL for WhatsApp; see whatsapp.h. */
#include "whatsapp.h"

#include "../base/log.h"
#include "../base/banned.h"

/* A phone column without the characters people write between digits. */
#define DIGITS(col)                                                                                \
	"REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(coalesce(" col ", ''), ' ', ''), '-', "   \
	"''), '+', ''), '(', ''), ')', ''), '.', '')"

#define CONV_COLS                                                                                  \
	"SELECT c.conversation_id, c.phone, c.profile_name, c.customer_id, cu.name, "              \
	"c.first_message_at, c.last_inbound_at, c.last_message_at, c.ack_sent_at, c.ticket_id, "   \
	"t.number, (SELECT m.body FROM whatsapp_messages m WHERE m.conversation_id = "             \
	"c.conversation_id ORDER BY m.sent_at DESC, m.message_id DESC LIMIT 1), (SELECT count(*) " \
	"FROM whatsapp_messages m WHERE m.conversation_id = c.conversation_id AND m.direction = "  \
	"'inbound' AND m.ticket_id IS NULL) FROM whatsapp_conversations c LEFT JOIN customers cu " \
	"ON cu.customer_id = c.customer_id LEFT JOIN tickets t ON t.ticket_id = c.ticket_id"

#define MSG_COLS                                                                                   \
	"SELECT message_id, conversation_id, wamid, direction, type, body, sent_at, media_id, "    \
	"media_state, media_sha256, media_mime, media_error, media_size, media_attempts, "         \
	"ticket_id FROM whatsapp_messages"

#define SEND_COLS                                                                                  \
	"SELECT send_id, purpose, to_phone, kind, body, template_name, template_params, "          \
	"ticket_id, communication_id, conversation_id, state, last_error, wamid, status, "         \
	"attempts, next_attempt_at, created_at, sent_at FROM whatsapp_outbox"

enum {
	WA_EVENT_ADD,
	WA_EVENTS_PENDING,
	WA_EVENT_GET,
	WA_EVENT_MARK,
	WA_CONV_TOUCH,
	WA_CONV_GET,
	WA_CONV_BY_PHONE,
	WA_CONV_LIST,
	WA_CONV_ACKED,
	WA_CONV_TAKE_MESSAGES,
	WA_CONV_TAKE,
	WA_MSG_ADD,
	WA_MSGS_OF,
	WA_MSG_GET,
	WA_MEDIA_PENDING,
	WA_MEDIA_SET,
	WA_SEND_ADD,
	WA_SENDS_DUE,
	WA_SEND_CLAIM,
	WA_SEND_GET,
	WA_SEND_BY_WAMID,
	WA_SEND_SENT,
	WA_SEND_RETRY,
	WA_SEND_FAILED,
	WA_SEND_STATUS,
	WA_SENDS_TO,
	WA_CUSTOMERS_BY_PHONE,
	WA_LATEST_DELIVERY,
	WA_OPEN_TICKET,
	WA__MAX
};

static const char *const wa_sql[WA__MAX] = {
    [WA_EVENT_ADD] = "INSERT INTO whatsapp_events (body_sha256, body, received_at, state) VALUES "
		     "($1, $2, $3, 'pending') ON CONFLICT (body_sha256) DO NOTHING",
    [WA_EVENTS_PENDING] = "SELECT event_id FROM whatsapp_events WHERE state = 'pending' ORDER "
			  "BY event_id LIMIT $1",
    [WA_EVENT_GET] = "SELECT body, attempts FROM whatsapp_events WHERE event_id = $1 AND state "
		     "= 'pending'",
    [WA_EVENT_MARK] = "UPDATE whatsapp_events SET state = $1, last_error = $2, processed_at = $3, "
		      "attempts = attempts + 1 WHERE event_id = $4",
    [WA_CONV_TOUCH] =
	"INSERT INTO whatsapp_conversations (phone, profile_name, customer_id, "
	"first_message_at, last_inbound_at, last_message_at) VALUES ($1, $2, $3, $4, $5, $4) "
	"ON CONFLICT (phone) DO UPDATE SET profile_name = coalesce(excluded.profile_name, "
	"whatsapp_conversations.profile_name), customer_id = coalesce(excluded.customer_id, "
	"whatsapp_conversations.customer_id), first_message_at = CASE WHEN "
	"excluded.first_message_at < whatsapp_conversations.first_message_at THEN "
	"excluded.first_message_at ELSE whatsapp_conversations.first_message_at END, "
	"last_inbound_at = CASE WHEN excluded.last_inbound_at > "
	"whatsapp_conversations.last_inbound_at THEN excluded.last_inbound_at ELSE "
	"whatsapp_conversations.last_inbound_at END, last_message_at = CASE WHEN "
	"excluded.last_message_at > whatsapp_conversations.last_message_at THEN "
	"excluded.last_message_at ELSE whatsapp_conversations.last_message_at END RETURNING "
	"conversation_id",
    [WA_CONV_GET] = CONV_COLS " WHERE c.conversation_id = $1",
    [WA_CONV_BY_PHONE] = CONV_COLS " WHERE c.phone = $1",
    [WA_CONV_LIST] = CONV_COLS " ORDER BY c.last_message_at DESC, c.conversation_id DESC LIMIT $1",
    [WA_CONV_ACKED] = "UPDATE whatsapp_conversations SET ack_sent_at = $1 WHERE conversation_id "
		      "= $2",
    [WA_CONV_TAKE_MESSAGES] = "UPDATE whatsapp_messages SET ticket_id = $1 WHERE "
			      "conversation_id = $2 AND direction = 'inbound' AND ticket_id IS "
			      "NULL",
    [WA_CONV_TAKE] = "UPDATE whatsapp_conversations SET ticket_id = $1 WHERE conversation_id = $2",
    [WA_MSG_ADD] = "INSERT INTO whatsapp_messages (conversation_id, wamid, direction, type, body, "
		   "sent_at, media_id, media_state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON "
		   "CONFLICT (wamid) DO NOTHING RETURNING message_id",
    [WA_MSGS_OF] = MSG_COLS " WHERE conversation_id = $1 ORDER BY sent_at, message_id",
    [WA_MSG_GET] = MSG_COLS " WHERE message_id = $1",
    [WA_MEDIA_PENDING] = "SELECT message_id FROM whatsapp_messages WHERE media_state = "
			 "'pending' ORDER BY message_id LIMIT $1",
    [WA_MEDIA_SET] = "UPDATE whatsapp_messages SET media_state = $1, media_sha256 = $2, "
		     "media_mime = $3, media_size = $4, media_error = $5, media_attempts = "
		     "media_attempts + 1 WHERE message_id = $6",
    [WA_SEND_ADD] = "INSERT INTO whatsapp_outbox (purpose, to_phone, kind, body, template_name, "
		    "template_params, ticket_id, communication_id, conversation_id, state, "
		    "next_attempt_at, created_at, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6, $7, "
		    "$8, $9, 'pending', $10, $10, $11) ON CONFLICT (dedupe_key) DO NOTHING "
		    "RETURNING send_id",
    [WA_SENDS_DUE] = "SELECT send_id FROM whatsapp_outbox WHERE state IN ('pending', 'sending', "
		     "'retry_wait') AND next_attempt_at <= $1 ORDER BY next_attempt_at, send_id "
		     "LIMIT $2",
    [WA_SEND_CLAIM] = "UPDATE whatsapp_outbox SET state = 'sending', attempts = attempts + 1, "
		      "next_attempt_at = $1 WHERE send_id = $2 AND state IN ('pending', "
		      "'sending', 'retry_wait') AND next_attempt_at <= $3",
    [WA_SEND_GET] = SEND_COLS " WHERE send_id = $1",
    [WA_SEND_BY_WAMID] = SEND_COLS " WHERE wamid = $1",
    [WA_SEND_SENT] = "UPDATE whatsapp_outbox SET state = 'sent', wamid = $1, status = 'sent', "
		     "sent_at = $2, next_attempt_at = NULL, last_error = NULL WHERE send_id = $3",
    [WA_SEND_RETRY] = "UPDATE whatsapp_outbox SET state = 'retry_wait', next_attempt_at = $1, "
		      "last_error = $2 WHERE send_id = $3",
    [WA_SEND_FAILED] = "UPDATE whatsapp_outbox SET state = 'failed', status = 'failed', "
		       "next_attempt_at = NULL, last_error = $1 WHERE send_id = $2",
    [WA_SEND_STATUS] = "UPDATE whatsapp_outbox SET status = $1, last_error = coalesce($2, "
		       "last_error) WHERE send_id = $3",
    [WA_SENDS_TO] = SEND_COLS " WHERE to_phone = $1 ORDER BY send_id DESC LIMIT $2",
    [WA_CUSTOMERS_BY_PHONE] = "SELECT customer_id, phone FROM customers WHERE " DIGITS(
	"phone") " LIKE $1 ORDER BY customer_id LIMIT $2",
    [WA_LATEST_DELIVERY] = "SELECT so_id, delivery_date FROM orders WHERE customer_id = $1 AND "
			   "delivery_date IS NOT NULL ORDER BY delivery_date DESC, so_id DESC "
			   "LIMIT 1",
    [WA_OPEN_TICKET] = "SELECT number, customer_phone FROM tickets WHERE kind = 'b2c' AND status "
		       "NOT IN ('resolved', 'closed') AND (customer_id = $1 OR " DIGITS(
			   "customer_phone") " LIKE $2) ORDER BY created_at DESC, ticket_id DESC "
					     "LIMIT 1",
};

const struct db_sql_table store_whatsapp_sql = {"whatsapp", wa_sql, WA__MAX};

static enum err_code done(int rc, struct error *e)
{
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

/* --- events ------------------------------------------------------------------------------- */

enum err_code store_wa_event_add(struct db *db, const char *sha256, const char *body, int64_t now,
				 bool *added, struct error *e)
{
	int rc = db_x(db, wa_sql[WA_EVENT_ADD], "tti", sha256, body, now);

	*added = rc == DB_DONE && db_ops_of(db)->changes(db) > 0;
	return done(rc, e);
}

enum err_code store_wa_events_pending(struct db *db, int max, int64_t *ids, int *n, struct error *e)
{
	return db_collect_ids(db_q(db, wa_sql[WA_EVENTS_PENDING], "i", (int64_t)max), ids, max, n,
			      e);
}

enum err_code store_wa_event_get(struct db *db, struct arena *a, int64_t id, const char **body,
				 int *attempts, struct error *e)
{
	struct db_stmt *st = db_q(db, wa_sql[WA_EVENT_GET], "i", id);
	int rc = st ? db_step(st) : DB_ERROR;

	if (rc == DB_ROW) {
		*body = db_text_or_null(a, st, 0);
		*attempts = (int)db_int(st, 1);
	}
	db_done(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, "no pending event %lld", (long long)id);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_wa_event_mark(struct db *db, int64_t id, const char *state, const char *error,
				  int64_t now, struct error *e)
{
	return done(db_x(db, wa_sql[WA_EVENT_MARK], "ttii", state, error, now, id), e);
}

/* --- conversations and messages ------------------------------------------------------------- */

enum err_code store_wa_conversation_touch(struct db *db, const char *phone, const char *profile,
					  const char *customer_id, int64_t at, bool inbound,
					  int64_t *id, struct error *e)
{
	struct db_stmt *st = db_q(db, wa_sql[WA_CONV_TOUCH], "tttii", phone, profile, customer_id,
				  at, inbound ? at : (int64_t)0);

	return db_returning_id(st, id) == DB_ROW ? ERR_OK : db_failed(e);
}

static void conv_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct wa_conversation *c = row;

	c->id = db_int(st, 0);
	c->phone = db_text_or_null(a, st, 1);
	c->profile_name = db_text_or_null(a, st, 2);
	c->customer_id = db_text_or_null(a, st, 3);
	c->customer_name = db_text_or_null(a, st, 4);
	c->first_message_at = db_int(st, 5);
	c->last_inbound_at = db_int(st, 6);
	c->last_message_at = db_int(st, 7);
	c->ack_sent_at = db_int_or_zero(st, 8);
	c->ticket_id = db_int_or_zero(st, 9);
	c->ticket_number = db_text_or_null(a, st, 10);
	c->last_text = db_text_or_null(a, st, 11);
	c->unhandled = db_int_or_zero(st, 12);
}

static enum err_code conv_one(struct db_stmt *st, struct arena *a, struct wa_conversation *out,
			      bool *found, struct error *e)
{
	struct wa_conversation *rows;
	int n;
	enum err_code rc = db_read_rows(st, a, sizeof(*rows), conv_read, &rows, &n, e);

	*found = !rc && n > 0;
	if (*found)
		*out = rows[0];
	return rc;
}

enum err_code store_wa_conversation_get(struct db *db, struct arena *a, int64_t id,
					struct wa_conversation *out, struct error *e)
{
	bool found;
	enum err_code rc = conv_one(db_q(db, wa_sql[WA_CONV_GET], "i", id), a, out, &found, e);

	if (!rc && !found)
		return err_set(e, ERR_NOT_FOUND, NULL, "no conversation %lld", (long long)id);
	return rc;
}

enum err_code store_wa_conversation_by_phone(struct db *db, struct arena *a, const char *phone,
					     struct wa_conversation *out, bool *found,
					     struct error *e)
{
	return conv_one(db_q(db, wa_sql[WA_CONV_BY_PHONE], "t", phone), a, out, found, e);
}

enum err_code store_wa_conversations(struct db *db, struct arena *a, int limit,
				     struct wa_conversation **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, wa_sql[WA_CONV_LIST], "i", (int64_t)limit), a, sizeof(**out),
			    conv_read, out, n, e);
}

enum err_code store_wa_conversation_acked(struct db *db, int64_t id, int64_t at, struct error *e)
{
	return done(db_x(db, wa_sql[WA_CONV_ACKED], "ii", at, id), e);
}

enum err_code store_wa_conversation_take(struct db *db, int64_t id, int64_t ticket_id,
					 struct error *e)
{
	enum err_code rc = done(db_x(db, wa_sql[WA_CONV_TAKE_MESSAGES], "ii", ticket_id, id), e);

	return rc ? rc : done(db_x(db, wa_sql[WA_CONV_TAKE], "ii", ticket_id, id), e);
}

enum err_code store_wa_message_add(struct db *db, const struct wa_message *m, bool *added,
				   int64_t *id, struct error *e)
{
	struct db_stmt *st =
	    db_q(db, wa_sql[WA_MSG_ADD], "ittttitt", m->conversation_id, m->wamid, m->direction,
		 m->type, m->body, m->sent_at, m->media_id, m->media_state);
	int rc = st ? db_step(st) : DB_ERROR;

	*id = rc == DB_ROW ? db_int(st, 0) : 0;
	*added = rc == DB_ROW;
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : db_failed(e);
}

static void msg_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct wa_message *m = row;

	m->id = db_int(st, 0);
	m->conversation_id = db_int(st, 1);
	m->wamid = db_text_or_null(a, st, 2);
	m->direction = db_text_or_null(a, st, 3);
	m->type = db_text_or_null(a, st, 4);
	m->body = db_text_or_null(a, st, 5);
	m->sent_at = db_int(st, 6);
	m->media_id = db_text_or_null(a, st, 7);
	m->media_state = db_text_or_null(a, st, 8);
	m->media_sha256 = db_text_or_null(a, st, 9);
	m->media_mime = db_text_or_null(a, st, 10);
	m->media_error = db_text_or_null(a, st, 11);
	m->media_size = db_int_or_zero(st, 12);
	m->media_attempts = (int)db_int_or_zero(st, 13);
	m->ticket_id = db_int_or_zero(st, 14);
}

enum err_code store_wa_messages_of(struct db *db, struct arena *a, int64_t conversation,
				   struct wa_message **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, wa_sql[WA_MSGS_OF], "i", conversation), a, sizeof(**out),
			    msg_read, out, n, e);
}

enum err_code store_wa_message_get(struct db *db, struct arena *a, int64_t id,
				   struct wa_message *out, struct error *e)
{
	struct wa_message *rows;
	int n;
	enum err_code rc = db_read_rows(db_q(db, wa_sql[WA_MSG_GET], "i", id), a, sizeof(*rows),
					msg_read, &rows, &n, e);

	if (rc)
		return rc;
	if (!n)
		return err_set(e, ERR_NOT_FOUND, NULL, "no WhatsApp message %lld", (long long)id);
	*out = rows[0];
	return ERR_OK;
}

enum err_code store_wa_media_pending(struct db *db, int max, int64_t *ids, int *n, struct error *e)
{
	return db_collect_ids(db_q(db, wa_sql[WA_MEDIA_PENDING], "i", (int64_t)max), ids, max, n,
			      e);
}

enum err_code store_wa_media_set(struct db *db, int64_t id, const char *state, const char *sha,
				 const char *mime, int64_t size, const char *error, struct error *e)
{
	struct db_stmt *st = db_q(db, wa_sql[WA_MEDIA_SET], "ttt", state, sha, mime);
	int rc = st ? DB_OK : DB_ERROR;

	if (st) {
		rc |= size ? db_bind_int(st, 4, size) : db_bind_text(st, 4, NULL);
		rc |= db_bind_text(st, 5, error);
		rc |= db_bind_int(st, 6, id);
		if (rc == DB_OK)
			rc = db_step(st);
		db_done(st);
	}
	return done(rc, e);
}

/* --- the outbox ------------------------------------------------------------------------------ */

/* Binds parameter i to id, or NULL for 0. */
static int bind_id(struct db_stmt *st, int i, int64_t id)
{
	return id ? db_bind_int(st, i, id) : db_bind_text(st, i, NULL);
}

enum err_code store_wa_send_add(struct db *db, const struct wa_send *s, const char *dedupe_key,
				bool *added, int64_t *id, struct error *e)
{
	struct db_stmt *st = db_q(db, wa_sql[WA_SEND_ADD], "tttttt", s->purpose, s->to_phone,
				  s->kind, s->body, s->template_name, s->template_params);
	int rc = st ? DB_OK : DB_ERROR;

	*id = 0;
	*added = false;
	if (!st)
		return db_failed(e);
	rc |= bind_id(st, 7, s->ticket_id);
	rc |= bind_id(st, 8, s->communication_id);
	rc |= bind_id(st, 9, s->conversation_id);
	rc |= db_bind_int(st, 10, s->created_at);
	rc |= db_bind_text(st, 11, dedupe_key);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_int(st, 0);
		*added = true;
	}
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_wa_sends_due(struct db *db, int64_t now, int max, int64_t *ids, int *n,
				 struct error *e)
{
	return db_collect_ids(db_q(db, wa_sql[WA_SENDS_DUE], "ii", now, (int64_t)max), ids, max, n,
			      e);
}

bool store_wa_send_claim(struct db *db, int64_t id, int64_t now, int64_t lease)
{
	if (db_x(db, wa_sql[WA_SEND_CLAIM], "iii", now + lease, id, now) != DB_DONE)
		return false;
	return db_ops_of(db)->changes(db) == 1;
}

static void send_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct wa_send *s = row;

	s->id = db_int(st, 0);
	s->purpose = db_text_or_null(a, st, 1);
	s->to_phone = db_text_or_null(a, st, 2);
	s->kind = db_text_or_null(a, st, 3);
	s->body = db_text_or_null(a, st, 4);
	s->template_name = db_text_or_null(a, st, 5);
	s->template_params = db_text_or_null(a, st, 6);
	s->ticket_id = db_int_or_zero(st, 7);
	s->communication_id = db_int_or_zero(st, 8);
	s->conversation_id = db_int_or_zero(st, 9);
	s->state = db_text_or_null(a, st, 10);
	s->last_error = db_text_or_null(a, st, 11);
	s->wamid = db_text_or_null(a, st, 12);
	s->status = db_text_or_null(a, st, 13);
	s->attempts = (int)db_int(st, 14);
	s->next_attempt_at = db_int_or_zero(st, 15);
	s->created_at = db_int(st, 16);
	s->sent_at = db_int_or_zero(st, 17);
}

static enum err_code send_one(struct db_stmt *st, struct arena *a, struct wa_send *out, bool *found,
			      struct error *e)
{
	struct wa_send *rows;
	int n;
	enum err_code rc = db_read_rows(st, a, sizeof(*rows), send_read, &rows, &n, e);

	*found = !rc && n > 0;
	if (*found)
		*out = rows[0];
	return rc;
}

enum err_code store_wa_send_get(struct db *db, struct arena *a, int64_t id, struct wa_send *out,
				struct error *e)
{
	bool found;
	enum err_code rc = send_one(db_q(db, wa_sql[WA_SEND_GET], "i", id), a, out, &found, e);

	if (!rc && !found)
		return err_set(e, ERR_NOT_FOUND, NULL, "no WhatsApp send %lld", (long long)id);
	return rc;
}

enum err_code store_wa_send_by_wamid(struct db *db, struct arena *a, const char *wamid,
				     struct wa_send *out, bool *found, struct error *e)
{
	return send_one(db_q(db, wa_sql[WA_SEND_BY_WAMID], "t", wamid), a, out, found, e);
}

void store_wa_send_sent(struct db *db, int64_t id, const char *wamid, int64_t now)
{
	if (db_x(db, wa_sql[WA_SEND_SENT], "tii", wamid, now, id) != DB_DONE)
		log_error("whatsapp: could not mark send %lld sent", (long long)id);
}

void store_wa_send_retry(struct db *db, int64_t id, int64_t next_at, const char *error,
			 bool give_up)
{
	int rc = give_up ? db_x(db, wa_sql[WA_SEND_FAILED], "ti", error, id)
			 : db_x(db, wa_sql[WA_SEND_RETRY], "iti", next_at, error, id);

	if (rc != DB_DONE)
		log_error("whatsapp: could not reschedule send %lld", (long long)id);
}

enum err_code store_wa_send_status(struct db *db, int64_t id, const char *status, const char *error,
				   struct error *e)
{
	return done(db_x(db, wa_sql[WA_SEND_STATUS], "tti", status, error, id), e);
}

enum err_code store_wa_sends_to(struct db *db, struct arena *a, const char *phone, int limit,
				struct wa_send **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, wa_sql[WA_SENDS_TO], "ti", phone, (int64_t)limit), a,
			    sizeof(**out), send_read, out, n, e);
}

/* --- matching --------------------------------------------------------------------------------- */

enum err_code store_wa_customers_by_phone(struct db *db, struct arena *a, const char *last10,
					  int max, const char **ids, const char **phones, int *n,
					  struct error *e)
{
	struct db_stmt *st = db_q(db, wa_sql[WA_CUSTOMERS_BY_PHONE], "ti",
				  arena_printf(a, "%%%s", last10), (int64_t)max);
	int rc = st ? DB_OK : DB_ERROR;

	*n = 0;
	while (st && *n < max && (rc = db_step(st)) == DB_ROW) {
		ids[*n] = db_text_or_null(a, st, 0);
		phones[*n] = db_text_or_null(a, st, 1);
		(*n)++;
	}
	db_done(st);
	return rc == DB_ERROR || rc == DB_BUSY ? db_failed(e) : ERR_OK;
}

enum err_code store_wa_latest_delivery(struct db *db, struct arena *a, const char *customer_id,
				       const char **so_id, const char **delivery_date,
				       struct error *e)
{
	struct db_stmt *st = db_q(db, wa_sql[WA_LATEST_DELIVERY], "t", customer_id);
	int rc = st ? db_step(st) : DB_ERROR;

	*so_id = *delivery_date = NULL;
	if (rc == DB_ROW) {
		*so_id = db_text_or_null(a, st, 0);
		*delivery_date = db_text_or_null(a, st, 1);
	}
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_wa_open_ticket(struct db *db, struct arena *a, const char *customer_id,
				   const char *last10, const char **number, const char **phone,
				   struct error *e)
{
	struct db_stmt *st =
	    db_q(db, wa_sql[WA_OPEN_TICKET], "tt", customer_id, arena_printf(a, "%%%s", last10));
	int rc = st ? db_step(st) : DB_ERROR;

	*number = *phone = NULL;
	if (rc == DB_ROW) {
		*number = db_text_or_null(a, st, 0);
		*phone = db_text_or_null(a, st, 1);
	}
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : db_failed(e);
}
