/* SQL for wastage events: what a confirmed damage or quality claim cost (one event per
 * ticket), by batch, farm and product. */
#ifndef TICKETD_STORE_WASTAGE_H
#define TICKETD_STORE_WASTAGE_H

#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct wastage {
	int64_t id; /* read only, as are ticket_number and farm_name */
	int64_t ticket_id;
	const char *ticket_number;
	const char *batch_number, *farm_id, *farm_name; /* NULL: not known */
	const char *product, *reason;
	double qty;
	int64_t unit_cost_paise, cost_paise, recorded_by, recorded_at;
};

/* One wastage event per ticket: a second confirmation replaces the first. */
enum err_code store_wastage_upsert(struct db *db, const struct wastage *w, int64_t *id,
				   struct error *e);
/* Removes the ticket's event, if any. */
enum err_code store_wastage_delete(struct db *db, int64_t ticket, struct error *e);
/* Events recorded in [from, to) (0: open), newest first (an arena array). */
enum err_code store_wastage_between(struct db *db, struct arena *a, int64_t from, int64_t to,
				    struct wastage **out, int *n, struct error *e);
/* The farm's events, in no order, with recorded_at, qty and cost_paise only. */
enum err_code store_wastage_of_farm(struct db *db, struct arena *a, const char *farm_id,
				    struct wastage **out, int *n, struct error *e);

/* wastage.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_wastage_sql;

#endif
