/* SQL for the dashboard; see dashboard.h. */
#include "dashboard.h"

#include <string.h>

#include "where.h"
#include "../base/strbuf.h"
#include "../domain/ticket.h"
#include "../base/timefmt.h"
#include "../base/banned.h"

#define OPEN   " AND t.status NOT IN ('resolved', 'closed')"
#define BUCKET 900 /* seconds: every time zone offset is a multiple of a quarter hour */

static enum err_code dashboard_failed(struct error *e)
{
	return err_set(e, ERR_INTERNAL, NULL, "the database failed; the dashboard is unavailable");
}

/* Prepares "<head> WHERE <scope><tail>" with args as $1..$nargs, the tickets q may count as
 * scope (where_kinds: its parameters after args).  NULL (logged by the db layer) on
 * failure. */
static struct db_stmt *query(struct db *db, struct arena *a, const struct dashboard_query *q,
			     const char *head, const char *tail, const int64_t *args, int nargs)
{
	struct where w;
	unsigned all = 0, own = 0;
	struct db_stmt *st;

	where_init(&w);
	for (int i = 0; i < nargs; i++)
		where_int(&w, args[i]);
	for (int k = 0; k < KIND__MAX; k++)
		if (q->kinds[k])
			*(q->own[k] ? &own : &all) |= KB(k);
	where_kinds(&w, all, own, q->user);
	st = db_prepare(db, arena_printf(a, "%s WHERE %s%s", head, w.sql.buf, tail));
	if (st && where_bind(&w, st) != DB_OK) {
		db_done(st);
		st = NULL;
	}
	where_release(&w);
	return st;
}

/* Steps st to its end; DB_DONE, or DB_ERROR. */
static int finish(struct db_stmt *st, int rc)
{
	db_done(st);
	return rc == DB_DONE ? DB_DONE : DB_ERROR;
}

static int open_counts(struct db *db, struct arena *a, const struct dashboard_query *q,
		       struct dashboard *d)
{
	struct db_stmt *st =
	    query(db, a, q,
		  "SELECT t.kind, t.status, t.priority_rank, t.category_group, "
		  "count(*) FROM tickets t",
		  OPEN " GROUP BY t.kind, t.status, t.priority_rank, t.category_group", NULL, 0);
	int rc, cap = 16;

	if (!st)
		return DB_ERROR;
	d->groups = arena_zalloc(a, sizeof(*d->groups) * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		int k = kind_from_name(db_text(st, 0));
		int s = status_from_name(db_text(st, 1));
		int64_t rank = db_int(st, 2), n = db_int(st, 4);
		const char *g = db_text(st, 3);
		int i;

		if (k < 0)
			continue;
		d->open_total += n;
		d->open_by_kind[k] += n;
		if (s >= 0)
			d->open_by_status[s] += n;
		if (rank >= 0 && rank < PRIORITY__MAX)
			d->open_by_priority[k][rank] += n;
		for (i = 0; i < d->ngroups; i++)
			if (d->groups[i].kind == (enum kind)k && !strcmp(d->groups[i].group, g))
				break;
		if (i == d->ngroups) {
			if (d->ngroups == cap) {
				struct dashboard_group *more =
				    arena_zalloc(a, sizeof(*more) * (size_t)cap * 2);

				memcpy(more, d->groups, sizeof(*more) * (size_t)cap);
				d->groups = more;
				cap *= 2;
			}
			d->groups[d->ngroups++] =
			    (struct dashboard_group){(enum kind)k, arena_strdup(a, g), 0};
		}
		d->groups[i].n += n;
	}
	/* Largest first (few rows: insertion sort). */
	for (int i = 1; i < d->ngroups; i++)
		for (int j = i; j > 0 && d->groups[j].n > d->groups[j - 1].n; j--) {
			struct dashboard_group tmp = d->groups[j];

			d->groups[j] = d->groups[j - 1];
			d->groups[j - 1] = tmp;
		}
	return finish(st, rc);
}

static int one_row(struct db_stmt *st, int64_t *c0, int64_t *c1)
{
	int rc;

	if (!st)
		return DB_ERROR;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*c0 = db_null(st, 0) ? 0 : db_int(st, 0);
		if (c1)
			*c1 = db_null(st, 1) ? 0 : db_int(st, 1);
		rc = DB_DONE;
	}
	return finish(st, rc);
}

static int now_counts(struct db *db, struct arena *a, const struct dashboard_query *q,
		      struct dashboard *d)
{
	int64_t now[] = {q->now};
	int64_t since[] = {q->today, q->week_start};

	if (one_row(query(db, a, q, "SELECT count(*) FROM tickets t",
			  " AND t.sla_due_at <= $1" OPEN, now, 1),
		    &d->overdue, NULL) != DB_DONE)
		return DB_ERROR;
	return one_row(query(db, a, q,
			     "SELECT sum(CASE WHEN t.created_at >= $1 THEN 1 ELSE 0 END), "
			     "count(*) FROM tickets t",
			     " AND t.created_at >= $2", since, 2),
		       &d->created_today, &d->created_this_week);
}

/* Adds each quarter-hour bucket's count to its local day. */
static int per_day(struct db *db, struct arena *a, const struct dashboard_query *q, const char *col,
		   int64_t *days)
{
	int64_t range[] = {q->from, q->to};
	const char *head =
	    arena_printf(a, "SELECT t.%s / %d, count(*) FROM tickets t", col, BUCKET);
	const char *tail = arena_printf(a, " AND t.%s >= $1 AND t.%s < $2 GROUP BY t.%s / %d", col,
					col, col, BUCKET);
	struct db_stmt *st = query(db, a, q, head, tail, range, 2);
	int rc;

	if (!st)
		return DB_ERROR;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t day = local_day(db_int(st, 0) * BUCKET) - q->from_day;

		if (day >= 0 && day < q->ndays)
			days[day] += db_int(st, 1);
	}
	return finish(st, rc);
}

static int period_counts(struct db *db, struct arena *a, const struct dashboard_query *q,
			 struct dashboard *d)
{
	int64_t range[] = {q->from, q->to};
	struct db_stmt *st =
	    query(db, a, q, "SELECT t.status, count(*) FROM tickets t",
		  " AND t.created_at >= $1 AND t.created_at < $2 GROUP BY t.status", range, 2);
	int rc;

	if (!st)
		return DB_ERROR;
	while ((rc = db_step(st)) == DB_ROW) {
		int s = status_from_name(db_text(st, 0));

		d->created_in_period += db_int(st, 1);
		if (s >= 0)
			d->status_in_period[s] += db_int(st, 1);
	}
	if (finish(st, rc) != DB_DONE)
		return DB_ERROR;

	st = query(db, a, q,
		   "SELECT t.kind, count(*), CAST(sum(t.resolved_at - t.created_at) AS BIGINT), "
		   "sum(CASE WHEN t.sla_result = 1 THEN 1 ELSE 0 END), "
		   "sum(CASE WHEN t.sla_result = 2 THEN 1 ELSE 0 END) FROM tickets t",
		   " AND t.resolved_at >= $1 AND t.resolved_at < $2 GROUP BY t.kind", range, 2);
	if (!st)
		return DB_ERROR;
	while ((rc = db_step(st)) == DB_ROW) {
		int k = kind_from_name(db_text(st, 0));

		if (k < 0)
			continue;
		d->resolved_n[k] = db_int(st, 1);
		d->resolved_secs[k] = db_null(st, 2) ? 0 : db_int(st, 2);
		d->sla_met += db_null(st, 3) ? 0 : db_int(st, 3);
		d->sla_missed += db_null(st, 4) ? 0 : db_int(st, 4);
	}
	if (finish(st, rc) != DB_DONE)
		return DB_ERROR;

	st = query(db, a, q, "SELECT t.kind, t.category, count(*) FROM tickets t",
		   " AND t.created_at >= $1 AND t.created_at < $2 GROUP BY t.kind, t.category "
		   "ORDER BY count(*) DESC, t.kind, t.category LIMIT 8",
		   range, 2);
	if (!st)
		return DB_ERROR;
	while ((rc = db_step(st)) == DB_ROW && d->ntop < DASH_TOP_CATEGORIES) {
		int k = kind_from_name(db_text(st, 0));

		if (k >= 0)
			d->top[d->ntop++] = (struct dashboard_category){
			    (enum kind)k, arena_strdup(a, db_text(st, 1)), db_int(st, 2)};
	}
	return finish(st, rc == DB_ROW ? DB_DONE : rc);
}

static struct dashboard_agent *agent_slot(struct dashboard *d, int64_t user)
{
	for (int i = 0; i < d->nagents; i++)
		if (d->agents[i].user == user)
			return &d->agents[i];
	return NULL;
}

/* Resolved per assignee in the period (most first), then the open work of those and of
 * others with open work while there is room. */
static int agents(struct db *db, struct arena *a, const struct dashboard_query *q,
		  struct dashboard *d)
{
	int64_t range[] = {q->from, q->to};
	struct db_stmt *st =
	    query(db, a, q,
		  "SELECT t.assigned_to, u.name, count(*), CAST(sum(t.resolved_at - "
		  "t.created_at) AS BIGINT) FROM tickets t JOIN users u "
		  "ON u.user_id = t.assigned_to",
		  " AND t.resolved_at >= $1 AND t.resolved_at < $2 GROUP BY "
		  "t.assigned_to, u.name ORDER BY count(*) DESC, u.name",
		  range, 2);
	int rc;

	if (!st)
		return DB_ERROR;
	while ((rc = db_step(st)) == DB_ROW && d->nagents < DASH_AGENTS)
		d->agents[d->nagents++] =
		    (struct dashboard_agent){db_int(st, 0), arena_strdup(a, db_text(st, 1)),
					     db_int(st, 2), db_null(st, 3) ? 0 : db_int(st, 3), 0};
	if (finish(st, rc == DB_ROW ? DB_DONE : rc) != DB_DONE)
		return DB_ERROR;

	st = query(db, a, q,
		   "SELECT t.assigned_to, u.name, count(*) FROM tickets t JOIN users u ON "
		   "u.user_id = t.assigned_to",
		   OPEN " GROUP BY t.assigned_to, u.name ORDER BY count(*) DESC, u.name", NULL, 0);
	if (!st)
		return DB_ERROR;
	while ((rc = db_step(st)) == DB_ROW) {
		struct dashboard_agent *ag = agent_slot(d, db_int(st, 0));

		if (!ag && d->nagents < DASH_AGENTS) {
			ag = &d->agents[d->nagents++];
			*ag = (struct dashboard_agent){db_int(st, 0),
						       arena_strdup(a, db_text(st, 1)), 0, 0, 0};
		}
		if (ag)
			ag->open = db_int(st, 2);
	}
	return finish(st, rc);
}

enum err_code store_dashboard(struct db *db, struct arena *ar, const struct dashboard_query *q,
			      struct dashboard *out, struct error *e)
{
	memset(out, 0, sizeof(*out));
	out->created_per_day = arena_zalloc(ar, sizeof(int64_t) * (size_t)q->ndays);
	out->resolved_per_day = arena_zalloc(ar, sizeof(int64_t) * (size_t)q->ndays);
	if (open_counts(db, ar, q, out) != DB_DONE || now_counts(db, ar, q, out) != DB_DONE ||
	    per_day(db, ar, q, "created_at", out->created_per_day) != DB_DONE ||
	    per_day(db, ar, q, "resolved_at", out->resolved_per_day) != DB_DONE ||
	    period_counts(db, ar, q, out) != DB_DONE || agents(db, ar, q, out) != DB_DONE)
		return dashboard_failed(e);
	return ERR_OK;
}
