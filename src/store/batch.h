/* SQL for batches: what a farm delivered on a morning (received, damaged, rejected), its
 * grading, and where it went (the sales-order lines it was allocated to). */
#ifndef TICKETD_STORE_BATCH_H
#define TICKETD_STORE_BATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct grade {
	const char *grade;
	double qty;
};

struct batch {
	const char *batch_number, *product, *farm_id;
	const char *unit; /* NULL: not known */
	int64_t received_at;
	double received_qty, damaged_qty, rejected_qty;
	struct grade *grades; /* in grade order when read */
	int ngrades;
	const char *farm_name; /* read only: the farm's name */
};

/* This file's static SQL (struct db_sql_table). */
extern const struct db_sql_table store_batch_sql;

/* The columns store_batch_read_at reads, from batches b joined to farms f. */
#define STORE_BATCH_COLS                                                                           \
	"b.batch_number, b.product, b.farm_id, f.name, b.received_at, b.received_qty, "            \
	"b.damaged_qty, b.rejected_qty, b.unit"
/* The STORE_BATCH_COLS of the current row, from column col on, into *out (without grades). */
void store_batch_read_at(struct db_stmt *st, int col, struct arena *a, struct batch *out);
/* Reads b's grades, in grade order. */
enum err_code store_batch_grades(struct db *db, struct arena *a, struct batch *b, struct error *e);

/* One batch on one line of a sales order, with what the batch is. */
struct batch_allocation {
	int line_no;
	const char *batch_number;
	double qty;
	const char *product, *farm_id, *farm_name;
};

/* One order line the batch filled, with its customer. */
struct batch_delivery {
	const char *customer_id, *customer_name, *customer_type;
	const char *so_id;
	int line_no;
	const char *item;
	double qty;
	const char *delivery_date; /* NULL: not known */
};

/* Upserts the batch and replaces its grading.  ERR_INVALID for an unknown farm or a grade
 * given twice. */
enum err_code store_batch_upsert(struct db *db, const struct batch *b, int64_t now,
				 struct error *e);
bool store_batch_exists(struct db *db, const char *batch_number);
/* The batch with its grading and farm name; strings and grades in arena a.  ERR_NOT_FOUND,
 * naming batch_number, when the batch is unknown. */
enum err_code store_batch_get(struct db *db, struct arena *a, const char *batch_number,
			      struct batch *out, struct error *e);
/* The order lines the batch filled, by customer, delivery date, order and line (an arena
 * array). */
enum err_code store_batch_deliveries(struct db *db, struct arena *a, const char *batch_number,
				     struct batch_delivery **out, int *n, struct error *e);
/* The price of the line that carried this batch to the order so_id, in paise; 0 when none
 * is known (or so_id is NULL). */
int64_t store_batch_line_price(struct db *db, const char *so_id, const char *batch_number);

#endif
