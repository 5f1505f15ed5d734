/* SQL for the root cause an investigation finds on a quality ticket (farm, packing,
 * delivery, customer_handling or not_valid) and its note: two columns of the ticket's row,
 * kept apart from the ticket's own fields. */
#ifndef TICKETD_STORE_ROOT_CAUSE_H
#define TICKETD_STORE_ROOT_CAUSE_H

#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

enum err_code store_root_cause_set(struct db *db, int64_t ticket, const char *cause,
				   const char *note, struct error *e);
/* Strings in arena a; *cause and *note NULL when none (or the query fails). */
void store_root_cause_get(struct db *db, struct arena *a, int64_t ticket, const char **cause,
			  const char **note);

/* root_cause.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_root_cause_sql;

#endif
