/* SQL for releases and internal metrics; see release.h. */
#include "release.h"

#include <string.h>

#include "../base/banned.h"

#define R_COLS                                                                                     \
	"r.release_id, r.version, r.release_date, r.notes, r.published_at, r.created_by, "         \
	"r.created_at, (SELECT count(*) FROM tickets t WHERE t.release_id = r.release_id)"
/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum {
	RELEASE_INSERT,
	RELEASE_UPDATE,
	RELEASE_GET,
	RELEASE_RELEASES,
	RELEASE_PUBLISH,
	RELEASE_TICKETS,
	RELEASE_OPEN_BUGS_BY_PRIORITY,
	RELEASE_RESOLVED_SINCE,
	RELEASE__MAX
};
static const char *const release_sql[RELEASE__MAX] = {
    [RELEASE_INSERT] = "INSERT INTO releases (version, release_date, notes, created_by, "
		       "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING release_id",
    [RELEASE_UPDATE] = "UPDATE releases SET version = $1, release_date = $2, notes = $3 WHERE "
		       "release_id = $4",
    [RELEASE_GET] = "SELECT " R_COLS " FROM releases r WHERE r.release_id = $1",
    [RELEASE_RELEASES] = "SELECT " R_COLS " FROM releases r ORDER BY r.release_date DESC, "
			 "r.release_id DESC LIMIT 500",
    [RELEASE_PUBLISH] =
	"UPDATE releases SET published_at = $1 WHERE release_id = $2 AND published_at IS "
	"NULL",
    [RELEASE_TICKETS] = "SELECT ticket_id FROM tickets WHERE release_id = $1 ORDER BY "
			"ticket_id LIMIT $2",
    [RELEASE_OPEN_BUGS_BY_PRIORITY] =
	"SELECT priority_rank, count(*) FROM tickets WHERE kind = "
	"'internal' AND category = 'bug' AND status NOT IN ('resolved', "
	"'closed') GROUP BY priority_rank",
    [RELEASE_RESOLVED_SINCE] =
	"SELECT count(*), coalesce(sum(resolved_at - created_at), 0) FROM tickets WHERE "
	"kind = 'internal' AND resolved_at >= $1",
};
const struct db_sql_table store_release_sql = {"release", release_sql, RELEASE__MAX, NULL};

enum err_code store_release_insert(struct db *db, const struct release *r, int64_t *id,
				   struct error *e)
{
	struct db_stmt *st = db_q(db, release_sql[RELEASE_INSERT], "tttii", r->version,
				  r->release_date, r->notes, r->created_by, r->created_at);
	int rc = db_returning_id(st, id);

	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "version", "release %s exists", r->version);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_release_update(struct db *db, const struct release *r, struct error *e)
{
	int rc = db_x(db, release_sql[RELEASE_UPDATE], "ttti", r->version, r->release_date,
		      r->notes, r->id);

	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, "version", "release %s exists", r->version);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

static void read_row(struct db_stmt *st, struct arena *a, struct release *r)
{
	r->id = db_int(st, 0);
	r->version = arena_strdup(a, db_text(st, 1));
	r->release_date = arena_strdup(a, db_text(st, 2));
	r->notes = arena_strdup(a, db_text(st, 3));
	r->published_at = db_null(st, 4) ? 0 : db_int(st, 4);
	r->created_by = db_int(st, 5);
	r->created_at = db_int(st, 6);
	r->tickets = db_int(st, 7);
}

enum err_code store_release_get(struct db *db, struct arena *a, int64_t id, struct release *out,
				struct error *e)
{
	struct db_stmt *st = db_q(db, release_sql[RELEASE_GET], "i", id);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW)
		read_row(st, a, out);
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "no release %lld", (long long)id)
			     : db_failed(e);
}

enum err_code store_releases(struct db *db, struct arena *a, struct release **out, int *n,
			     struct error *e)
{
	struct db_stmt *st = db_q(db, release_sql[RELEASE_RELEASES], "");
	int rc, cap = 16;

	*n = 0;
	*out = arena_alloc(a, sizeof(**out) * (size_t)cap);
	if (!st)
		return db_failed(e);
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			struct release *more = arena_alloc(a, sizeof(*more) * (size_t)cap * 2);

			memcpy(more, *out, sizeof(*more) * (size_t)cap);
			*out = more;
			cap *= 2;
		}
		read_row(st, a, &(*out)[(*n)++]);
	}
	db_done(st);
	return rc == DB_ERROR ? db_failed(e) : ERR_OK;
}

enum err_code store_release_publish(struct db *db, int64_t id, int64_t at, struct error *e)
{
	if (db_x(db, release_sql[RELEASE_PUBLISH], "ii", at, id) != DB_DONE)
		return db_failed(e);
	if (db_ops_of(db)->changes(db) != 1)
		return err_set(e, ERR_CONFLICT, NULL, "release %lld is already published",
			       (long long)id);
	return ERR_OK;
}

enum err_code store_release_tickets(struct db *db, int64_t id, int64_t *out, int max, int *n,
				    struct error *e)
{
	struct db_stmt *st = db_q(db, release_sql[RELEASE_TICKETS], "ii", id, (int64_t)max);

	return db_collect_ids(st, out, max, n, e);
}

static enum err_code count(struct db *db, const char *sql, int64_t arg, int64_t *out,
			   struct error *e)
{
	struct db_stmt *st = arg ? db_q(db, sql, "i", arg) : db_q(db, sql, "");

	if (!st || db_step(st) != DB_ROW) {
		db_done(st);
		return db_failed(e);
	}
	*out = db_int(st, 0);
	db_done(st);
	return ERR_OK;
}

enum err_code store_internal_metrics(struct db *db, int64_t week_start, int64_t since,
				     struct internal_metrics *out, struct error *e)
{
	struct db_stmt *st = db_q(db, release_sql[RELEASE_OPEN_BUGS_BY_PRIORITY], "");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return db_failed(e);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t rank = db_int(st, 0);

		if (rank >= 0 && rank < 4)
			out->open_bugs[rank] = db_int(st, 1);
	}
	db_done(st);
	if (rc == DB_ERROR)
		return db_failed(e);
	if (count(db,
		  "SELECT count(*) FROM tickets WHERE kind = 'internal' AND category IN "
		  "('feature_request', 'enhancement') AND status NOT IN ('resolved', 'closed')",
		  0, &out->feature_backlog, e) ||
	    count(db,
		  "SELECT count(*) FROM tickets WHERE kind = 'internal' AND on_roadmap = 1 AND "
		  "status NOT IN ('resolved', 'closed')",
		  0, &out->on_roadmap, e) ||
	    count(db,
		  "SELECT count(*) FROM tickets WHERE kind = 'internal' AND category = 'bug' AND "
		  "resolved_at >= $1",
		  week_start, &out->bugs_fixed_this_week, e))
		return e->code;
	st = db_q(db, release_sql[RELEASE_RESOLVED_SINCE], "i", since);
	if (!st || db_step(st) != DB_ROW) {
		db_done(st);
		return db_failed(e);
	}
	out->resolved_since = db_int(st, 0);
	out->avg_resolution_hours =
	    out->resolved_since ? db_double(st, 1) / (double)out->resolved_since / 3600.0 : 0;
	db_done(st);
	return ERR_OK;
}
