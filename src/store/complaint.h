/* SQL for the tickets the evidence reports list: the tickets raised about a batch, about a
 * farm's batches, and by a customer, as short rows (not whole tickets). */
#ifndef TICKETD_STORE_COMPLAINT_H
#define TICKETD_STORE_COMPLAINT_H

#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct complaint {
	int64_t ticket_id;
	const char *number, *kind, *status, *category, *category_group;
	const char *customer_id, *customer_name; /* NULL: not recorded */
	int64_t created_at;
	const char *root_cause; /* NULL: none yet */
};

/* Rows are arena arrays, *n of them. */
/* The tickets naming the batch, oldest first. */
enum err_code store_complaints_of_batch(struct db *db, struct arena *a, const char *batch_number,
					struct complaint **out, int *n, struct error *e);
/* The customer's tickets, newest first. */
enum err_code store_complaints_of_customer(struct db *db, struct arena *a, const char *customer_id,
					   struct complaint **out, int *n, struct error *e);
/* When each customer ticket (b2b, b2c) naming one of the farm's batches was created. */
enum err_code store_complaint_times_of_farm(struct db *db, struct arena *a, const char *farm_id,
					    int64_t **out, int *n, struct error *e);

/* complaint.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_complaint_sql;

#endif
