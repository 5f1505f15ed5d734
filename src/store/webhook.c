/* SQL for webhooks and their deliveries; see webhook.h. */
#include "webhook.h"

#include "../base/log.h"
#include "../base/banned.h"

#define DELIVERY_COLS                                                                              \
	"delivery_id, webhook_id, event, ticket_id, body, state, attempts, next_attempt_at, "      \
	"last_status, last_error, created_at, delivered_at FROM webhook_deliveries"

enum {
	WH_INSERT,
	WH_UPDATE,
	WH_GET,
	WH_LIST,
	WH_LIST_ACTIVE,
	DLV_INSERT,
	DLV_DUE,
	DLV_CLAIM,
	DLV_GET,
	DLV_DONE,
	DLV_RETRY,
	DLV_FAILED,
	DLV_OF,
	WH__MAX
};

static const char *const webhook_sql[WH__MAX] = {
    [WH_INSERT] = "INSERT INTO webhooks (url, secret, events, active, created_by, created_at, "
		  "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING webhook_id",
    [WH_UPDATE] = "UPDATE webhooks SET url = $2, secret = $3, events = $4, active = $5, "
		  "updated_at = $6 WHERE webhook_id = $1",
    [WH_GET] = "SELECT webhook_id, url, secret, events, active, created_by, created_at, "
	       "updated_at FROM webhooks WHERE webhook_id = $1",
    [WH_LIST] = "SELECT webhook_id, url, secret, events, active, created_by, created_at, "
		"updated_at FROM webhooks ORDER BY webhook_id",
    [WH_LIST_ACTIVE] = "SELECT webhook_id, url, secret, events, active, created_by, "
		       "created_at, updated_at FROM webhooks WHERE active = 1 ORDER BY "
		       "webhook_id",
    [DLV_INSERT] = "INSERT INTO webhook_deliveries (webhook_id, event, ticket_id, body, state, "
		   "attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, 'pending', 0, "
		   "$5, $5)",
    [DLV_DUE] = "SELECT delivery_id FROM webhook_deliveries WHERE state IN ('pending', "
		"'sending', 'retry_wait') AND next_attempt_at <= $1 ORDER BY next_attempt_at, "
		"delivery_id LIMIT $2",
    [DLV_CLAIM] = "UPDATE webhook_deliveries SET state = 'sending', attempts = attempts + 1, "
		  "next_attempt_at = $1 WHERE delivery_id = $2 AND state IN ('pending', "
		  "'sending', 'retry_wait') AND next_attempt_at <= $3",
    [DLV_GET] = "SELECT " DELIVERY_COLS " WHERE delivery_id = $1",
    [DLV_DONE] = "UPDATE webhook_deliveries SET state = 'delivered', delivered_at = $2, "
		 "next_attempt_at = NULL, last_status = $3, last_error = NULL WHERE "
		 "delivery_id = $1",
    [DLV_RETRY] = "UPDATE webhook_deliveries SET state = 'retry_wait', next_attempt_at = $2, "
		  "last_status = $3, last_error = $4 WHERE delivery_id = $1",
    [DLV_FAILED] = "UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL, "
		   "last_status = $2, last_error = $3 WHERE delivery_id = $1",
    [DLV_OF] = "SELECT " DELIVERY_COLS " WHERE webhook_id = $1 ORDER BY delivery_id DESC LIMIT "
	       "$2",
};

const struct db_sql_table store_webhook_sql = {"webhook", webhook_sql, WH__MAX};

enum err_code store_webhook_insert(struct db *db, const struct webhook *w, int64_t *id,
				   struct error *e)
{
	struct db_stmt *st;

	db_forget(db); /* a transaction's "no active webhook" (store_webhooks) */
	st = db_q(db, webhook_sql[WH_INSERT], "tttbii", w->url, w->secret, w->events, w->active,
		  w->created_by, w->created_at);

	return db_returning_id(st, id) == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_webhook_update(struct db *db, const struct webhook *w, struct error *e)
{
	db_forget(db); /* a transaction's "no active webhook" (store_webhooks) */
	return db_x(db, webhook_sql[WH_UPDATE], "itttbi", w->id, w->url, w->secret, w->events,
		    w->active, w->updated_at) == DB_DONE
		   ? ERR_OK
		   : db_failed(e);
}

static void webhook_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct webhook *w = row;

	w->id = db_int(st, 0);
	w->url = arena_strdup(a, db_text(st, 1));
	w->secret = arena_strdup(a, db_text(st, 2));
	w->events = arena_strdup(a, db_text(st, 3));
	w->active = db_int(st, 4) != 0;
	w->created_by = db_int(st, 5);
	w->created_at = db_int(st, 6);
	w->updated_at = db_int(st, 7);
}

enum err_code store_webhook_get(struct db *db, struct arena *a, int64_t id, struct webhook *out,
				struct error *e)
{
	struct db_stmt *st = db_q(db, webhook_sql[WH_GET], "i", id);
	int rc = st ? db_step(st) : DB_ERROR;

	if (rc == DB_ROW)
		webhook_read(st, a, out);
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, "id", "no webhook %lld", (long long)id)
			     : db_failed(e);
}

/* That a write transaction found no active webhook (db_tx_epoch): every change of a group
 * asks (a round trip each on the writers' connection) and nearly always finds none.  Kept
 * by the thread that leads the group; a webhook written meanwhile forgets it (db_forget). */
static _Thread_local struct {
	struct db *db;
	uint64_t epoch;
} none_active;

enum err_code store_webhooks(struct db *db, struct arena *a, bool active_only, struct webhook **out,
			     int *n, struct error *e)
{
	uint64_t epoch = active_only ? db_tx_epoch(db) : 0;
	enum err_code rc;

	if (epoch && none_active.db == db && none_active.epoch == epoch) {
		*out = arena_zalloc(a, sizeof(**out));
		*n = 0;
		return ERR_OK;
	}
	rc = db_read_rows(db_q(db, webhook_sql[active_only ? WH_LIST_ACTIVE : WH_LIST], ""), a,
			  sizeof(**out), webhook_read, out, n, e);
	if (epoch && rc == ERR_OK && *n == 0) {
		none_active.db = db;
		none_active.epoch = epoch;
	}
	return rc;
}

enum err_code store_delivery_insert(struct db *db, const struct webhook_delivery *d,
				    struct error *e)
{
	struct db_stmt *st = db_q(db, webhook_sql[DLV_INSERT], "ititi", d->webhook_id, d->event,
				  d->ticket_id, d->body, d->created_at);
	int rc;

	if (st && !d->ticket_id)
		db_bind_text(st, 3, NULL);
	rc = st ? db_step(st) : DB_ERROR;
	db_done(st);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_delivery_due(struct db *db, int64_t now, int max, int64_t *ids, int *n,
				 struct error *e)
{
	return db_collect_ids(db_q(db, webhook_sql[DLV_DUE], "ii", now, (int64_t)max), ids, max, n,
			      e);
}

bool store_delivery_claim(struct db *db, int64_t id, int64_t now, int64_t lease)
{
	if (db_x(db, webhook_sql[DLV_CLAIM], "iii", now + lease, id, now) != DB_DONE)
		return false;
	return db_ops_of(db)->changes(db) == 1;
}

static void delivery_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct webhook_delivery *d = row;

	d->id = db_int(st, 0);
	d->webhook_id = db_int(st, 1);
	d->event = arena_strdup(a, db_text(st, 2));
	d->ticket_id = db_int_or_zero(st, 3);
	d->body = arena_strdup(a, db_text(st, 4));
	d->state = arena_strdup(a, db_text(st, 5));
	d->attempts = (int)db_int(st, 6);
	d->next_attempt_at = db_int_or_zero(st, 7);
	d->last_status = (int)db_int_or_zero(st, 8);
	d->last_error = db_text_or_null(a, st, 9);
	d->created_at = db_int(st, 10);
	d->delivered_at = db_int_or_zero(st, 11);
}

enum err_code store_delivery_get(struct db *db, struct arena *a, int64_t id,
				 struct webhook_delivery *out, struct error *e)
{
	struct db_stmt *st = db_q(db, webhook_sql[DLV_GET], "i", id);
	int rc = st ? db_step(st) : DB_ERROR;

	if (rc == DB_ROW)
		delivery_read(st, a, out);
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, "id", "no delivery %lld", (long long)id)
			     : db_failed(e);
}

void store_delivery_done(struct db *db, int64_t id, int status, int64_t now)
{
	if (db_x(db, webhook_sql[DLV_DONE], "iii", id, now, (int64_t)status) != DB_DONE)
		log_error("webhooks: could not mark delivery %lld done", (long long)id);
}

void store_delivery_retry(struct db *db, int64_t id, int status, const char *error, int64_t next_at,
			  bool give_up)
{
	int rc =
	    give_up ? db_x(db, webhook_sql[DLV_FAILED], "iit", id, (int64_t)status, error)
		    : db_x(db, webhook_sql[DLV_RETRY], "iiit", id, next_at, (int64_t)status, error);

	if (rc != DB_DONE)
		log_error("webhooks: could not reschedule delivery %lld", (long long)id);
}

enum err_code store_deliveries_of(struct db *db, struct arena *a, int64_t webhook, int max,
				  struct webhook_delivery **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, webhook_sql[DLV_OF], "ii", webhook, (int64_t)max), a,
			    sizeof(**out), delivery_read, out, n, e);
}
