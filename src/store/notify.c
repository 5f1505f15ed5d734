/* SQL for notifications; see notify.h. */
#include "notify.h"

#include "../base/log.h"
#include "../base/banned.h"

#define N_COLS                                                                                     \
	"n.notification_id, n.user_id, n.ticket_id, t.number, t.kind, n.type, n.channel, "         \
	"n.title, n.body, n.state, n.last_error, n.attempts, n.created_at, n.sent_at, "            \
	"n.read_at, n.next_attempt_at, n.to_address"
#define N_FROM " FROM notifications n LEFT JOIN tickets t ON t.ticket_id = n.ticket_id"
/* Statements added since the table of statements came (issue 18). */
enum {
	NOTIFY_OUTBOX_STATS,
	NOTIFY_NOTIFICATION_ADD,
	NOTIFY_NOTIFICATIONS_OF,
	NOTIFY_NOTIFICATION_READ,
	NOTIFY_NOTIFICATIONS_DONE,
	NOTIFY_NOTIFICATION_GET,
	NOTIFY_OUTBOX_DUE,
	NOTIFY_OUTBOX_CLAIM,
	NOTIFY_OUTBOX_SENT,
	NOTIFY_OUTBOX_GIVE_UP,
	NOTIFY_OUTBOX_RETRY,
	NOTIFY_PREFS_GET,
	NOTIFY_PREFS_PUT,
	NOTIFY__MAX
};
static const char *const notify_sql[NOTIFY__MAX] = {
    [NOTIFY_OUTBOX_STATS] = "SELECT count(*), min(next_attempt_at) FROM notifications WHERE "
			    "state IN ('pending', 'sending', 'retry_wait')",
    [NOTIFY_NOTIFICATION_ADD] =
	"INSERT INTO notifications (user_id, type, channel, ticket_id, "
	"title, body, state, attempts, next_attempt_at, created_at, "
	"sent_at, dedupe_key, to_address) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, "
	"$8, $9, $10, $11, $12) ON CONFLICT (dedupe_key) DO NOTHING",
    [NOTIFY_NOTIFICATIONS_OF] = "SELECT count(*) FROM notifications WHERE user_id = $1 AND "
				"channel = 'in_app' AND read_at IS NULL",
    [NOTIFY_NOTIFICATION_READ] = "UPDATE notifications SET read_at = coalesce(read_at, $1) WHERE "
				 "notification_id = $2 AND user_id = $3 AND channel = 'in_app'",
    [NOTIFY_NOTIFICATIONS_DONE] = "UPDATE notifications SET read_at = coalesce(read_at, $1) WHERE "
				  "dedupe_key LIKE $2 AND channel = 'in_app'",
    [NOTIFY_NOTIFICATION_GET] = "SELECT " N_COLS N_FROM " WHERE n.notification_id = $1",
    [NOTIFY_OUTBOX_DUE] = "SELECT notification_id FROM notifications WHERE state IN "
			  "('pending', 'sending', 'retry_wait') AND next_attempt_at <= $1 "
			  "ORDER BY next_attempt_at, notification_id LIMIT $2",
    [NOTIFY_OUTBOX_CLAIM] =
	"UPDATE notifications SET state = 'sending', attempts = attempts + 1, "
	"next_attempt_at = $1 WHERE notification_id = $2 AND state IN ('pending', "
	"'sending', 'retry_wait') AND next_attempt_at <= $3",
    [NOTIFY_OUTBOX_SENT] =
	"UPDATE notifications SET state = 'sent', sent_at = $1, next_attempt_at = NULL, "
	"last_error = NULL WHERE notification_id = $2",
    [NOTIFY_OUTBOX_GIVE_UP] = "UPDATE notifications SET state = 'failed', next_attempt_at = NULL, "
			      "last_error = $1 WHERE notification_id = $2",
    [NOTIFY_OUTBOX_RETRY] = "UPDATE notifications SET state = 'retry_wait', next_attempt_at = $1, "
			    "last_error = $2 WHERE notification_id = $3",
    [NOTIFY_PREFS_GET] = "SELECT channels FROM notification_prefs WHERE user_id = $1 AND "
			 "type = $2",
    [NOTIFY_PREFS_PUT] =
	"INSERT INTO notification_prefs (user_id, type, channels) VALUES ($1, $2, $3) "
	"ON CONFLICT (user_id, type) DO UPDATE SET channels = excluded.channels",
};
const struct db_sql_table store_notify_sql = {"notify", notify_sql, NOTIFY__MAX};

enum err_code store_notification_add(struct db *db, const struct notification *n,
				     const char *dedupe_key, bool *added, struct error *e)
{
	struct db_stmt *st = db_q(db, notify_sql[NOTIFY_NOTIFICATION_ADD], "");
	int rc = DB_OK;

	if (!st)
		return db_failed(e);
	rc |= n->user_id ? db_bind_int(st, 1, n->user_id) : db_bind_text(st, 1, NULL);
	rc |= db_bind_text(st, 2, n->type);
	rc |= db_bind_text(st, 3, n->channel);
	rc |= db_bind_text(st, 12, n->to_address);
	rc |= n->ticket_id ? db_bind_int(st, 4, n->ticket_id) : db_bind_text(st, 4, NULL);
	rc |= db_bind_text(st, 5, n->title);
	rc |= db_bind_text(st, 6, n->body);
	rc |= db_bind_text(st, 7, n->state);
	rc |=
	    n->next_attempt_at ? db_bind_int(st, 8, n->next_attempt_at) : db_bind_text(st, 8, NULL);
	rc |= db_bind_int(st, 9, n->created_at);
	rc |= n->sent_at ? db_bind_int(st, 10, n->sent_at) : db_bind_text(st, 10, NULL);
	rc |= db_bind_text(st, 11, dedupe_key);
	if (rc == DB_OK)
		rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return db_failed(e);
	*added = db_ops_of(db)->changes(db) > 0;
	return ERR_OK;
}

static void read_row(struct db_stmt *st, struct arena *a, struct notification *n)
{
	n->id = db_int(st, 0);
	n->user_id = db_int_or_zero(st, 1);
	n->ticket_id = db_int_or_zero(st, 2);
	n->ticket_number = db_text_or_null(a, st, 3);
	n->ticket_kind = db_text_or_null(a, st, 4);
	n->type = db_text_or_null(a, st, 5);
	n->channel = db_text_or_null(a, st, 6);
	n->title = db_text_or_null(a, st, 7);
	n->body = db_text_or_null(a, st, 8);
	n->state = db_text_or_null(a, st, 9);
	n->last_error = db_text_or_null(a, st, 10);
	n->attempts = (int)db_int(st, 11);
	n->created_at = db_int(st, 12);
	n->sent_at = db_int_or_zero(st, 13);
	n->read_at = db_int_or_zero(st, 14);
	n->next_attempt_at = db_int_or_zero(st, 15);
	n->to_address = db_text_or_null(a, st, 16);
}

enum err_code store_notifications_of(struct db *db, struct arena *a, int64_t user, bool unread_only,
				     int limit, struct notification **out, int *n, int64_t *unread,
				     struct error *e)
{
	struct db_stmt *st = db_q(db, notify_sql[NOTIFY_NOTIFICATIONS_OF], "i", user);
	int rc;

	*n = 0;
	if (!st || db_step(st) != DB_ROW) {
		db_done(st);
		return db_failed(e);
	}
	*unread = db_int(st, 0);
	db_done(st);
	st = db_q(db,
		  unread_only ? "SELECT " N_COLS N_FROM " WHERE n.user_id = $1 AND n.channel = "
				"'in_app' AND n.read_at IS NULL ORDER BY n.notification_id DESC "
				"LIMIT $2"
			      : "SELECT " N_COLS N_FROM " WHERE n.user_id = $1 AND n.channel = "
				"'in_app' ORDER BY n.notification_id DESC LIMIT $2",
		  "ii", user, (int64_t)limit);
	if (!st)
		return db_failed(e);
	*out = arena_zalloc(a, sizeof(**out) * (size_t)(limit + 1));
	while ((rc = db_step(st)) == DB_ROW && *n < limit)
		read_row(st, a, &(*out)[(*n)++]);
	db_done(st);
	return rc == DB_ERROR ? db_failed(e) : ERR_OK;
}

enum err_code store_notification_read(struct db *db, int64_t user, int64_t id, int64_t now,
				      struct error *e)
{
	if (db_x(db, notify_sql[NOTIFY_NOTIFICATION_READ], "iii", now, id, user) != DB_DONE)
		return db_failed(e);
	if (db_ops_of(db)->changes(db) == 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "no notification %lld", (long long)id);
	return ERR_OK;
}

enum err_code store_notifications_done(struct db *db, const char *key_pattern, int64_t now,
				       struct error *e)
{
	if (db_x(db, notify_sql[NOTIFY_NOTIFICATIONS_DONE], "it", now, key_pattern) != DB_DONE)
		return db_failed(e);
	return ERR_OK;
}

enum err_code store_notification_get(struct db *db, struct arena *a, int64_t id,
				     struct notification *out, struct error *e)
{
	struct db_stmt *st = db_q(db, notify_sql[NOTIFY_NOTIFICATION_GET], "i", id);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW)
		read_row(st, a, out);
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "no such notification")
			     : db_failed(e);
}

enum err_code store_outbox_due(struct db *db, int64_t now, int max, int64_t *ids, int *n,
			       struct error *e)
{
	struct db_stmt *st = db_q(db, notify_sql[NOTIFY_OUTBOX_DUE], "ii", now, (int64_t)max);

	return db_collect_ids(st, ids, max, n, e);
}

bool store_outbox_claim(struct db *db, int64_t id, int64_t now, int64_t lease)
{
	if (db_x(db, notify_sql[NOTIFY_OUTBOX_CLAIM], "iii", now + lease, id, now) != DB_DONE)
		return false;
	return db_ops_of(db)->changes(db) == 1;
}

void store_outbox_sent(struct db *db, int64_t id, int64_t now)
{
	if (db_x(db, notify_sql[NOTIFY_OUTBOX_SENT], "ii", now, id) != DB_DONE)
		log_error("outbox: could not mark notification %lld sent", (long long)id);
}

void store_outbox_retry(struct db *db, int64_t id, int64_t next_at, const char *error, bool give_up)
{
	int rc = give_up ? db_x(db, notify_sql[NOTIFY_OUTBOX_GIVE_UP], "ti", error, id)
			 : db_x(db, notify_sql[NOTIFY_OUTBOX_RETRY], "iti", next_at, error, id);

	if (rc != DB_DONE)
		log_error("outbox: could not reschedule notification %lld", (long long)id);
}

const char *store_prefs_get(struct db *db, struct arena *a, int64_t user, const char *type)
{
	struct db_stmt *st = db_q(db, notify_sql[NOTIFY_PREFS_GET], "it", user, type);
	const char *v = NULL;

	if (st && db_step(st) == DB_ROW)
		v = arena_strdup(a, db_text(st, 0));
	db_done(st);
	return v;
}

enum err_code store_prefs_put(struct db *db, int64_t user, const char *type, const char *channels,
			      struct error *e)
{
	if (db_x(db, notify_sql[NOTIFY_PREFS_PUT], "itt", user, type, channels) != DB_DONE)
		return db_failed(e);
	return ERR_OK;
}

enum err_code store_outbox_stats(struct db *db, int64_t *waiting, int64_t *oldest_due,
				 struct error *e)
{
	struct db_stmt *st = db_q(db, notify_sql[NOTIFY_OUTBOX_STATS], "");
	int rc = st ? db_step(st) : DB_ERROR;

	*waiting = 0;
	*oldest_due = 0;
	if (rc == DB_ROW) {
		*waiting = db_int(st, 0);
		*oldest_due = db_int_or_zero(st, 1);
	}
	db_done(st);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}
