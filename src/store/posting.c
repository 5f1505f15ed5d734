/* SQL for postings; see posting.h. */
#include "posting.h"

#include <string.h>

#include "../base/banned.h"

#define P_COLS                                                                                     \
	"p.posting_id, p.ticket_id, t.number, t.kind, p.system, p.kind, p.seq, p.reference, "      \
	"p.amount_paise, p.currency, p.state, p.remote_id, p.remote_number, p.link, "              \
	"p.last_error, p.attempts, p.next_attempt_at, p.created_at, p.updated_at, p.posted_at"
#define P_FROM " FROM postings p JOIN tickets t ON t.ticket_id = p.ticket_id"

enum {
	P_NEXT_SEQ,
	P_INSERT,
	P_GET,
	P_OF_TICKET,
	P_DUE,
	P_CLAIM,
	P_POSTED,
	P_RETRY,
	P_FAIL,
	P_REQUEUE,
	P__MAX
};

static const char *const posting_sql[P__MAX] = {
    [P_NEXT_SEQ] = "SELECT COALESCE(MAX(seq), 0) + 1 FROM postings WHERE ticket_id = $1 AND "
		   "kind = $2",
    [P_INSERT] = "INSERT INTO postings (ticket_id, system, kind, seq, reference, amount_paise, "
		 "currency, state, attempts, next_attempt_at, created_at, updated_at) VALUES "
		 "($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $9, $9) RETURNING posting_id",
    [P_GET] = "SELECT " P_COLS P_FROM " WHERE p.posting_id = $1",
    [P_OF_TICKET] = "SELECT " P_COLS P_FROM " WHERE p.ticket_id = $1 ORDER BY p.posting_id",
    [P_DUE] = "SELECT posting_id FROM postings WHERE state IN ('pending', 'sending') AND "
	      "next_attempt_at <= $1 ORDER BY next_attempt_at, posting_id LIMIT $2",
    [P_CLAIM] = "UPDATE postings SET state = 'sending', attempts = attempts + 1, "
		"next_attempt_at = $1, updated_at = $2 WHERE posting_id = $3 AND state IN "
		"('pending', 'sending') AND next_attempt_at <= $2",
    [P_POSTED] = "UPDATE postings SET state = 'posted', remote_id = $1, remote_number = $2, "
		 "link = $3, last_error = NULL, next_attempt_at = NULL, posted_at = $4, "
		 "updated_at = $4 WHERE posting_id = $5",
    [P_RETRY] = "UPDATE postings SET state = 'pending', next_attempt_at = $1, last_error = $2, "
		"updated_at = $3 WHERE posting_id = $4 AND state = 'sending'",
    [P_FAIL] = "UPDATE postings SET state = 'failed', next_attempt_at = NULL, last_error = $1, "
	       "updated_at = $2 WHERE posting_id = $3",
    [P_REQUEUE] = "UPDATE postings SET state = 'pending', attempts = 0, next_attempt_at = $1, "
		  "updated_at = $1 WHERE posting_id = $2 AND state = 'failed'",
};

const struct db_sql_table store_posting_sql = {"posting", posting_sql, P__MAX};

static void read_row(struct db_stmt *st, struct arena *a, void *row)
{
	struct posting *p = row;

	p->id = db_int(st, 0);
	p->ticket_id = db_int(st, 1);
	p->ticket_number = db_text_or_null(a, st, 2);
	p->ticket_kind = db_text_or_null(a, st, 3);
	p->system = db_text_or_null(a, st, 4);
	p->kind = db_text_or_null(a, st, 5);
	p->seq = (int)db_int(st, 6);
	p->reference = db_text_or_null(a, st, 7);
	p->has_amount = !db_null(st, 8);
	p->amount = db_int_or_zero(st, 8);
	p->currency = db_text_or_null(a, st, 9);
	p->state = db_text_or_null(a, st, 10);
	p->remote_id = db_text_or_null(a, st, 11);
	p->remote_number = db_text_or_null(a, st, 12);
	p->link = db_text_or_null(a, st, 13);
	p->last_error = db_text_or_null(a, st, 14);
	p->attempts = (int)db_int(st, 15);
	p->next_attempt_at = db_int_or_zero(st, 16);
	p->created_at = db_int(st, 17);
	p->updated_at = db_int(st, 18);
	p->posted_at = db_int_or_zero(st, 19);
}

enum err_code store_posting_next_seq(struct db *db, int64_t ticket_id, const char *kind, int *seq,
				     struct error *e)
{
	struct db_stmt *st = db_q(db, posting_sql[P_NEXT_SEQ], "it", ticket_id, kind);
	int rc = st ? db_step(st) : DB_ERROR;

	*seq = rc == DB_ROW ? (int)db_int(st, 0) : 1;
	db_done(st);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_posting_insert(struct db *db, const struct posting *p, int64_t *id,
				   struct error *e)
{
	struct db_stmt *st = db_q(db, posting_sql[P_INSERT], "ittit", p->ticket_id, p->system,
				  p->kind, (int64_t)p->seq, p->reference);
	int rc = DB_OK;

	if (!st)
		return db_failed(e);
	rc |= p->has_amount ? db_bind_int(st, 6, p->amount) : db_bind_text(st, 6, NULL);
	rc |= db_bind_text(st, 7, p->currency);
	rc |= db_bind_int(st, 8, p->next_attempt_at);
	rc |= db_bind_int(st, 9, p->created_at);
	if (rc != DB_OK) {
		db_done(st);
		return db_failed(e);
	}
	return db_returning_id(st, id) == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_posting_get(struct db *db, struct arena *a, int64_t id, struct posting *out,
				struct error *e)
{
	struct db_stmt *st = db_q(db, posting_sql[P_GET], "i", id);
	int rc = st ? db_step(st) : DB_ERROR;

	memset(out, 0, sizeof(*out));
	if (rc == DB_ROW)
		read_row(st, a, out);
	db_done(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, "no posting %lld", (long long)id);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_postings_of(struct db *db, struct arena *a, int64_t ticket_id,
				struct posting **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, posting_sql[P_OF_TICKET], "i", ticket_id), a,
			    sizeof(struct posting), read_row, out, n, e);
}

enum err_code store_postings_due(struct db *db, int64_t now, int max, int64_t *ids, int *n,
				 struct error *e)
{
	return db_collect_ids(db_q(db, posting_sql[P_DUE], "ii", now, (int64_t)max), ids, max, n,
			      e);
}

bool store_posting_claim(struct db *db, int64_t id, int64_t now, int64_t lease)
{
	if (db_x(db, posting_sql[P_CLAIM], "iii", now + lease, now, id) != DB_DONE)
		return false;
	return db_ops_of(db)->changes(db) == 1;
}

enum err_code store_posting_posted(struct db *db, int64_t id, const char *remote_id,
				   const char *remote_number, const char *link, int64_t now,
				   struct error *e)
{
	if (db_x(db, posting_sql[P_POSTED], "tttii", remote_id, remote_number, link, now, id) !=
	    DB_DONE)
		return db_failed(e);
	return ERR_OK;
}

enum err_code store_posting_retry(struct db *db, int64_t id, int64_t next_at, const char *error,
				  bool give_up, int64_t now, struct error *e)
{
	int rc = give_up ? db_x(db, posting_sql[P_FAIL], "tii", error, now, id)
			 : db_x(db, posting_sql[P_RETRY], "itii", next_at, error, now, id);

	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_posting_requeue(struct db *db, int64_t id, int64_t now, bool *done,
				    struct error *e)
{
	if (db_x(db, posting_sql[P_REQUEUE], "ii", now, id) != DB_DONE)
		return db_failed(e);
	*done = db_ops_of(db)->changes(db) == 1;
	return ERR_OK;
}
