/* SQL for the flags a manager sets on a customer ("high_standards"), with who set it and
 * why.  Flags that are computed (a repeat complainer) are not stored. */
#ifndef TICKETD_STORE_CUSTOMER_FLAG_H
#define TICKETD_STORE_CUSTOMER_FLAG_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "db.h"

struct customer_flag {
	const char *note; /* NULL: none */
	int64_t set_by, set_at;
};

/* set false removes the flag. */
enum err_code store_customer_flag_set(struct db *db, const char *customer_id, const char *flag,
				      bool set, const char *note, int64_t by, int64_t at,
				      struct error *e);
/* *found false when the customer does not have the flag (out untouched). */
enum err_code store_customer_flag_get(struct db *db, struct arena *a, const char *customer_id,
				      const char *flag, struct customer_flag *out, bool *found,
				      struct error *e);

/* customer_flag.c's static SQL (db.h, struct db_sql_table). */
extern const struct db_sql_table store_customer_flag_sql;

#endif
