/* SQL for idempotency keys; see idempotency.h. */
#include "idempotency.h"

#include <string.h>

#include "../base/banned.h"

enum {
	IDEM_CLAIM,
	IDEM_GET,
	IDEM_RETAKE,
	IDEM_COMMITTED,
	IDEM_ANSWER,
	IDEM_RELEASE,
	IDEM_SWEEP,
	IDEM_EXPIRE,
	IDEM__MAX
};
static const char *const idem_sql[IDEM__MAX] = {
    [IDEM_CLAIM] = "INSERT INTO idempotency_keys (user_id, idem_key, method, path, body_hash, "
		   "created_at, claimed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
		   "ON CONFLICT (user_id, idem_key) DO NOTHING RETURNING key_id",
    [IDEM_GET] = "SELECT key_id, user_id, idem_key, method, path, body_hash, created_at, "
		 "claimed_at, committed, status, content_type, location, body "
		 "FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2",
    [IDEM_RETAKE] = "UPDATE idempotency_keys SET claimed_at = $3 WHERE key_id = $1 AND "
		    "claimed_at = $2 AND committed = 0 AND status = 0 RETURNING key_id",
    [IDEM_COMMITTED] = "UPDATE idempotency_keys SET committed = 1 WHERE key_id = $1",
    [IDEM_ANSWER] = "UPDATE idempotency_keys SET status = $2, content_type = $3, location = $4, "
		    "body = $5 WHERE key_id = $1",
    [IDEM_RELEASE] = "DELETE FROM idempotency_keys WHERE key_id = $1 AND committed = 0 "
		     "RETURNING key_id",
    [IDEM_SWEEP] = "DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING key_id",
    [IDEM_EXPIRE] = "DELETE FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2 AND "
		    "created_at < $3",
};
const struct db_sql_table store_idempotency_sql = {"idempotency", idem_sql, IDEM__MAX};

enum err_code store_idempotency_claim(struct db *db, const struct idempotency_row *row, int64_t *id,
				      struct error *e)
{
	int rc = db_returning_id(db_q(db, idem_sql[IDEM_CLAIM], "ittttii", row->user_id, row->key,
				      row->method, row->path, row->body_hash, row->created_at,
				      row->claimed_at),
				 id);

	if (rc == DB_DONE)
		*id = 0;
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : db_failed(e);
}

static void idem_read(struct db_stmt *st, struct arena *a, void *out)
{
	struct idempotency_row *r = out;

	r->id = db_int(st, 0);
	r->user_id = db_int(st, 1);
	r->key = arena_strdup(a, db_text(st, 2));
	r->method = arena_strdup(a, db_text(st, 3));
	r->path = arena_strdup(a, db_text(st, 4));
	r->body_hash = arena_strdup(a, db_text(st, 5));
	r->created_at = db_int(st, 6);
	r->claimed_at = db_int(st, 7);
	r->committed = db_int(st, 8) != 0;
	r->status = (int)db_int(st, 9);
	r->content_type = db_text_or_null(a, st, 10);
	r->location = db_text_or_null(a, st, 11);
	r->body = db_text_or_null(a, st, 12);
}

enum err_code store_idempotency_get(struct db *db, struct arena *a, int64_t user, const char *key,
				    struct idempotency_row *out, struct error *e)
{
	struct idempotency_row *rows;
	int n;
	enum err_code rc = db_read_rows(db_q(db, idem_sql[IDEM_GET], "it", user, key), a,
					sizeof(*rows), idem_read, &rows, &n, e);

	if (rc)
		return rc;
	if (!n)
		return err_set(e, ERR_NOT_FOUND, "Idempotency-Key", "no such idempotency key");
	*out = rows[0];
	return ERR_OK;
}

enum err_code store_idempotency_retake(struct db *db, int64_t id, int64_t was, int64_t now,
				       bool *taken, struct error *e)
{
	int64_t got;
	int rc = db_returning_id(db_q(db, idem_sql[IDEM_RETAKE], "iii", id, was, now), &got);

	*taken = rc == DB_ROW;
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_idempotency_committed(struct db *db, int64_t id, struct error *e)
{
	return db_x(db, idem_sql[IDEM_COMMITTED], "i", id) == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_idempotency_answer(struct db *db, int64_t id, int status,
				       const char *content_type, const char *location,
				       const char *body, struct error *e)
{
	return db_x(db, idem_sql[IDEM_ANSWER], "iittt", id, (int64_t)status, content_type, location,
		    body) == DB_DONE
		   ? ERR_OK
		   : db_failed(e);
}

enum err_code store_idempotency_release(struct db *db, int64_t id, bool *released, struct error *e)
{
	int64_t got;
	int rc = db_returning_id(db_q(db, idem_sql[IDEM_RELEASE], "i", id), &got);

	*released = rc == DB_ROW;
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_idempotency_sweep(struct db *db, int64_t before, int *n, struct error *e)
{
	struct db_stmt *st = db_q(db, idem_sql[IDEM_SWEEP], "i", before);
	int rc = DB_ERROR;

	*n = 0;
	if (st) {
		while ((rc = db_step(st)) == DB_ROW)
			(*n)++;
		db_done(st);
	}
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_idempotency_expire(struct db *db, int64_t user, const char *key, int64_t before,
				       struct error *e)
{
	return db_x(db, idem_sql[IDEM_EXPIRE], "iti", user, key, before) == DB_DONE ? ERR_OK
										    : db_failed(e);
}
