/* SQL for approvals; see approval.h. */
#include "approval.h"

#include <string.h>

#include "../base/banned.h"

#define A_COLS                                                                                     \
	"a.approval_id, a.ticket_id, t.number, t.kind, t.title, a.resolution_type, a.notes, "      \
	"a.amount_paise, a.currency, a.reference, a.replacement_date, a.replacement_items, "       \
	"a.requested_by, ru.name, a.requested_at, a.state, a.decided_by, du.name, "                \
	"a.decided_at, a.decision_note"
#define A_FROM                                                                                     \
	" FROM approvals a JOIN tickets t ON t.ticket_id = a.ticket_id JOIN users ru ON "          \
	"ru.user_id = a.requested_by LEFT JOIN users du ON du.user_id = a.decided_by"

static void read_row(struct db_stmt *st, struct arena *ar, struct approval *a)
{
	memset(a, 0, sizeof(*a));
	a->id = db_int(st, 0);
	a->ticket_id = db_int(st, 1);
	a->ticket_number = db_text_or_null(ar, st, 2);
	a->ticket_kind = db_text_or_null(ar, st, 3);
	a->ticket_title = db_text_or_null(ar, st, 4);
	a->resolution_type = db_text_or_null(ar, st, 5);
	a->notes = db_text_or_null(ar, st, 6);
	a->has_amount = !db_null(st, 7);
	a->amount = a->has_amount ? db_int(st, 7) : 0;
	a->currency = db_text_or_null(ar, st, 8);
	a->reference = db_text_or_null(ar, st, 9);
	a->replacement_date = db_text_or_null(ar, st, 10);
	a->replacement_items = db_text_or_null(ar, st, 11);
	a->requested_by = db_int(st, 12);
	a->requested_by_name = db_text_or_null(ar, st, 13);
	a->requested_at = db_int(st, 14);
	a->state = db_text_or_null(ar, st, 15);
	a->decided_by = db_null(st, 16) ? 0 : db_int(st, 16);
	a->decided_by_name = db_text_or_null(ar, st, 17);
	a->decided_at = db_null(st, 18) ? 0 : db_int(st, 18);
	a->decision_note = db_text_or_null(ar, st, 19);
}

/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum {
	APPROVAL_INSERT,
	APPROVAL_GET,
	APPROVAL_PENDING_OF,
	APPROVAL_IN_STATE,
	APPROVAL_ALL,
	APPROVAL_DECIDE,
	APPROVAL__MAX
};
static const char *const approval_sql[APPROVAL__MAX] = {
    [APPROVAL_INSERT] = "INSERT INTO approvals (ticket_id, resolution_type, notes, "
			"amount_paise, currency, reference, replacement_date, "
			"replacement_items, requested_by, requested_at, state) VALUES ($1, "
			"$2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending') RETURNING "
			"approval_id",
    [APPROVAL_GET] = "SELECT " A_COLS A_FROM " WHERE a.approval_id = $1",
    [APPROVAL_PENDING_OF] =
	"SELECT " A_COLS A_FROM " WHERE a.ticket_id = $1 AND a.state = 'pending' "
	"ORDER BY a.approval_id DESC LIMIT 1",
    [APPROVAL_IN_STATE] = "SELECT " A_COLS A_FROM " WHERE a.state = $1 ORDER BY a.approval_id "
			  "DESC LIMIT $2",
    [APPROVAL_ALL] = "SELECT " A_COLS A_FROM " ORDER BY a.approval_id DESC LIMIT $1",
    [APPROVAL_DECIDE] = "UPDATE approvals SET state = $1, decided_by = $2, decided_at = $3, "
			"decision_note = $4 WHERE approval_id = $5 AND state = 'pending'",
};
const struct db_sql_table store_approval_sql = {"approval", approval_sql, APPROVAL__MAX, NULL};

enum err_code store_approval_insert(struct db *db, const struct approval *a, int64_t *id,
				    struct error *e)
{
	struct db_stmt *st = db_q(db, approval_sql[APPROVAL_INSERT], "itt", a->ticket_id,
				  a->resolution_type, a->notes);
	int rc = DB_OK;

	if (!st)
		return db_failed(e);
	rc |= a->has_amount ? db_bind_int(st, 4, a->amount) : db_bind_text(st, 4, NULL);
	rc |= db_bind_text(st, 5, a->currency);
	rc |= db_bind_text(st, 6, a->reference);
	rc |= db_bind_text(st, 7, a->replacement_date);
	rc |= db_bind_text(st, 8, a->replacement_items);
	rc |= db_bind_int(st, 9, a->requested_by);
	rc |= db_bind_int(st, 10, a->requested_at);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

static enum err_code one(struct db_stmt *st, struct arena *ar, struct approval *out, bool *found,
			 struct error *e)
{
	int rc;

	*found = false;
	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW) {
		read_row(st, ar, out);
		*found = true;
	}
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_approval_get(struct db *db, struct arena *ar, int64_t id, struct approval *out,
				 struct error *e)
{
	bool found;
	enum err_code rc = one(db_q(db, approval_sql[APPROVAL_GET], "i", id), ar, out, &found, e);

	if (!rc && !found)
		return err_set(e, ERR_NOT_FOUND, NULL, "no approval %lld", (long long)id);
	return rc;
}

enum err_code store_approval_pending_of(struct db *db, struct arena *ar, int64_t ticket_id,
					struct approval *out, bool *found, struct error *e)
{
	return one(db_q(db, approval_sql[APPROVAL_PENDING_OF], "i", ticket_id), ar, out, found, e);
}

enum err_code store_approvals(struct db *db, struct arena *ar, const char *state, int limit,
			      struct approval **out, int *n, struct error *e)
{
	struct db_stmt *st =
	    state ? db_q(db, approval_sql[APPROVAL_IN_STATE], "ti", state, (int64_t)limit)
		  : db_q(db, approval_sql[APPROVAL_ALL], "i", (int64_t)limit);
	int rc;

	*n = 0;
	if (!st)
		return db_failed(e);
	*out = arena_zalloc(ar, sizeof(**out) * (size_t)(limit + 1));
	while ((rc = db_step(st)) == DB_ROW && *n < limit)
		read_row(st, ar, &(*out)[(*n)++]);
	db_done(st);
	return rc == DB_ERROR ? db_failed(e) : ERR_OK;
}

enum err_code store_approval_decide(struct db *db, int64_t id, const char *state, int64_t by,
				    int64_t at, const char *note, struct error *e)
{
	if (db_x(db, approval_sql[APPROVAL_DECIDE], "tiiti", state, by, at, note, id) != DB_DONE)
		return db_failed(e);
	if (db_ops_of(db)->changes(db) != 1)
		return err_set(e, ERR_CONFLICT, NULL, "approval %lld was already decided",
			       (long long)id);
	return ERR_OK;
}
