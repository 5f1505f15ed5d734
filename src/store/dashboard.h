/* SQL for the dashboard: counts and aggregates over the tickets a user may see, in one read
 * (GET /api/dashboard).  Every query is written once for SQLite and PostgreSQL; days are
 * bucketed in C from quarter-hour buckets, so "per day" follows the business time zone
 * (half-hour offsets and DST included) without engine date functions. */
#ifndef TICKETD_STORE_DASHBOARD_H
#define TICKETD_STORE_DASHBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "../domain/catalog.h"
#include "db.h"

#define DASH_TOP_CATEGORIES 8
#define DASH_AGENTS	    12
#define DASH_MAX_DAYS	    366

/* What to count: which kinds, and of those, which only as far as `user` created them (a
 * read scope of "own").  The period is the local days [from_day, from_day + ndays); the
 * instants are computed by the caller in the business time zone. */
struct dashboard_query {
	bool kinds[KIND__MAX];
	bool own[KIND__MAX];
	int64_t user;
	int64_t from_day;
	int ndays;			/* 1..DASH_MAX_DAYS */
	int64_t from, to;		/* [from, to): the period as instants */
	int64_t now, today, week_start; /* instants */
};

struct dashboard_group {
	enum kind kind;
	const char *group; /* category group code */
	int64_t n;
};

struct dashboard_category {
	enum kind kind;
	const char *category;
	int64_t n;
};

struct dashboard_agent {
	int64_t user;
	const char *name;
	int64_t resolved;      /* in the period */
	int64_t resolved_secs; /* summed creation-to-resolution time of those */
	int64_t open;	       /* assigned and not resolved, now */
};

/* Open means any status but resolved and closed.  Arrays are in the query's arena. */
struct dashboard {
	int64_t open_total;
	int64_t open_by_kind[KIND__MAX];
	int64_t open_by_status[STATUS__MAX];
	int64_t open_by_priority[KIND__MAX][PRIORITY__MAX];
	struct dashboard_group *groups; /* open, by kind and group, largest first */
	int ngroups;
	int64_t overdue; /* open with the SLA due time passed (as the lists' overdue=true) */
	int64_t created_today, created_this_week;
	/* In the period. */
	int64_t status_in_period[STATUS__MAX]; /* tickets created in it, by status now */
	int64_t created_in_period;
	int64_t resolved_n[KIND__MAX], resolved_secs[KIND__MAX];
	int64_t sla_met, sla_missed;		     /* of those resolved in it */
	int64_t *created_per_day, *resolved_per_day; /* ndays each */
	struct dashboard_category top[DASH_TOP_CATEGORIES];
	int ntop;
	struct dashboard_agent agents[DASH_AGENTS];
	int nagents;
};

/* Fills *out (strings and arrays in ar).  ERR_INTERNAL when the database fails. */
enum err_code store_dashboard(struct db *db, struct arena *ar, const struct dashboard_query *q,
			      struct dashboard *out, struct error *e)
    __attribute__((warn_unused_result));

#endif
