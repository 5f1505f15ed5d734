/* SQL for farms and farm flags; see farm.h. */
#include "farm.h"

#include "../base/banned.h"

/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum {
	FARM_UPSERT,
	FARM_EXISTS,
	FARM_GET,
	FARM_BATCH_COUNT,
	FARM_FLAG_ADD,
	FARM_FLAGS_OF,
	FARM__MAX
};
static const char *const farm_sql[FARM__MAX] = {
    [FARM_UPSERT] = "INSERT INTO farms (farm_id, name, location, contact, updated_at) VALUES "
		    "($1, $2, $3, $4, $5) ON CONFLICT (farm_id) DO UPDATE SET name = "
		    "excluded.name, location = excluded.location, contact = excluded.contact, "
		    "updated_at = excluded.updated_at",
    [FARM_EXISTS] = "SELECT 1 FROM farms WHERE farm_id = $1",
    [FARM_GET] = "SELECT farm_id, name, location, contact FROM farms WHERE "
		 "farm_id = $1",
    [FARM_BATCH_COUNT] = "SELECT count(*) FROM batches WHERE farm_id = $1",
    [FARM_FLAG_ADD] = "INSERT INTO farm_flags (farm_id, ticket_id, reason, flagged_by, "
		      "flagged_at) VALUES ($1, $2, $3, $4, $5) RETURNING flag_id",
    [FARM_FLAGS_OF] =
	"SELECT f.flag_id, f.ticket_id, t.number, f.reason, f.flagged_by, u.name, "
	"f.flagged_at FROM farm_flags f JOIN users u ON u.user_id = f.flagged_by LEFT "
	"JOIN tickets t ON t.ticket_id = f.ticket_id WHERE f.farm_id = $1 ORDER BY "
	"f.flagged_at, f.flag_id",
};
const struct db_sql_table store_farm_sql = {"farm", farm_sql, FARM__MAX, NULL, true};

enum err_code store_farm_upsert(struct db *db, const struct farm *f, int64_t now, struct error *e)
{
	int rc = db_x(db, farm_sql[FARM_UPSERT], "tttti", f->farm_id, f->name, f->location,
		      f->contact, now);

	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

bool store_farm_exists(struct db *db, const char *farm_id)
{
	return db_exists(db_q(db, farm_sql[FARM_EXISTS], "t", farm_id));
}

enum err_code store_farm_get(struct db *db, struct arena *a, const char *farm_id, struct farm *out,
			     struct error *e)
{
	struct db_stmt *st = db_q(db, farm_sql[FARM_GET], "t", farm_id);
	int rc = st ? db_step(st) : DB_ERROR;

	if (rc == DB_ROW) {
		out->farm_id = arena_strdup(a, db_text(st, 0));
		out->name = arena_strdup(a, db_text(st, 1));
		out->location = db_text_or_null(a, st, 2);
		out->contact = db_text_or_null(a, st, 3);
	}
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, "farm_id", "no farm '%s'", farm_id)
			     : db_failed(e);
}

enum err_code store_farm_batch_count(struct db *db, const char *farm_id, int64_t *n,
				     struct error *e)
{
	struct db_stmt *st = db_q(db, farm_sql[FARM_BATCH_COUNT], "t", farm_id);
	int rc = st ? db_step(st) : DB_ERROR;

	*n = rc == DB_ROW ? db_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_farm_flag_add(struct db *db, const char *farm_id, int64_t ticket,
				  const char *reason, int64_t by, int64_t at, int64_t *id,
				  struct error *e)
{
	struct db_stmt *st = db_q(db, farm_sql[FARM_FLAG_ADD], "t", farm_id);

	if (!st)
		return db_failed(e);
	if (ticket)
		db_bind_int(st, 2, ticket);
	else
		db_bind_text(st, 2, NULL);
	db_bind_text(st, 3, reason);
	db_bind_int(st, 4, by);
	db_bind_int(st, 5, at);
	return db_returning_id(st, id) == DB_ROW ? ERR_OK : db_failed(e);
}

static void flag_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct farm_flag *f = row;

	f->id = db_int(st, 0);
	f->ticket_id = db_int_or_zero(st, 1);
	f->ticket_number = db_text_or_null(a, st, 2);
	f->reason = arena_strdup(a, db_text(st, 3));
	f->flagged_by = db_int(st, 4);
	f->flagged_by_name = arena_strdup(a, db_text(st, 5));
	f->flagged_at = db_int(st, 6);
}

enum err_code store_farm_flags_of(struct db *db, struct arena *a, const char *farm_id,
				  struct farm_flag **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, farm_sql[FARM_FLAGS_OF], "t", farm_id), a, sizeof(**out),
			    flag_read, out, n, e);
}
