/* SQL for a customer's peers (issue 18): for every customer of one type, their orders and
 * complaints (customer tickets outside the general group) in a window, which the repeat
 * complainer rule compares (domain/complaint.h). */
#ifndef TICKETD_STORE_PEER_H
#define TICKETD_STORE_PEER_H

#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct peer_row {
	const char *customer_id;
	int64_t orders, complaints;
};

/* Customers of type, with their orders dated since_date (YYYY-MM-DD) or later and their
 * complaints created at since or later (an arena array). */
enum err_code store_peer_rates(struct db *db, struct arena *a, const char *type,
			       const char *since_date, int64_t since, struct peer_row **out, int *n,
			       struct error *e);

extern const struct db_sql_table store_peer_sql;

#endif
