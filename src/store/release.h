/* SQL for releases of the ERP and the internal metrics. */
#ifndef TICKETD_STORE_RELEASE_H
#define TICKETD_STORE_RELEASE_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct release {
	int64_t id;
	const char *version, *release_date, *notes;
	int64_t published_at; /* 0: a draft */
	int64_t created_by;
	int64_t created_at;
	int64_t tickets; /* linked tickets */
};

/* ERR_CONFLICT (field version) when the version exists. */
enum err_code store_release_insert(struct db *db, const struct release *r, int64_t *id,
				   struct error *e);
enum err_code store_release_update(struct db *db, const struct release *r, struct error *e);
enum err_code store_release_get(struct db *db, struct arena *a, int64_t id, struct release *out,
				struct error *e);
enum err_code store_releases(struct db *db, struct arena *a, struct release **out, int *n,
			     struct error *e);
/* Marks published; ERR_CONFLICT when it already was. */
enum err_code store_release_publish(struct db *db, int64_t id, int64_t at, struct error *e);
/* Ids of the tickets linked to a release, at most max. */
enum err_code store_release_tickets(struct db *db, int64_t id, int64_t *out, int max, int *n,
				    struct error *e);

struct internal_metrics {
	int64_t open_bugs[4]; /* by priority rank: low .. critical */
	int64_t feature_backlog;
	int64_t on_roadmap;
	double avg_resolution_hours; /* over internal tickets resolved since `since` */
	int64_t resolved_since;
	int64_t bugs_fixed_this_week;
};

/* week_start: the instant this week began (Monday 00:00 local); since: the window for the
 * average resolution time. */
enum err_code store_internal_metrics(struct db *db, int64_t week_start, int64_t since,
				     struct internal_metrics *out, struct error *e);

/* release.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_release_sql;

#endif
