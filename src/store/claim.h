/* SQL for what a resolved claim writes by itself (issue 18): the order line a quality claim
 * is about (the line its batch was allocated to, else the line of its item, else the order's
 * only line), and whether the ticket has its wastage event already. */
#ifndef TICKETD_STORE_CLAIM_H
#define TICKETD_STORE_CLAIM_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct claim_line {
	int line_no;
	const char *item, *unit;
	double qty; /* the batch's allocation on the line, else what was delivered (ordered) */
	int64_t price_paise;
};

/* The line of sales order so_id that batch_number (NULL: none) filled, else the line whose
 * item is item (NULL: none; letter case aside), else the order's only line.  *found false
 * when none of these is. */
enum err_code store_claim_line(struct db *db, struct arena *a, const char *so_id,
			       const char *batch_number, const char *item, struct claim_line *out,
			       bool *found, struct error *e);
/* The order's lines, in line order (an arena array). */
enum err_code store_claim_lines(struct db *db, struct arena *a, const char *so_id,
				struct claim_line **out, int *n, struct error *e);
bool store_claim_has_wastage(struct db *db, int64_t ticket);

extern const struct db_sql_table store_claim_sql;

#endif
