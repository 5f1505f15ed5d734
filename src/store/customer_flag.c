/* SQL for customer flags; see customer_flag.h. */
#include "customer_flag.h"

#include "../base/banned.h"

/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum {
	CUSTOMER_FLAG_SET_INSERT_CUSTOMER_FLAGS,
	CUSTOMER_FLAG_SET_DELETE_CUSTOMER_FLAGS,
	CUSTOMER_FLAG_GET,
	CUSTOMER_FLAG__MAX
};
static const char *const customer_flag_sql[CUSTOMER_FLAG__MAX] = {
    [CUSTOMER_FLAG_SET_INSERT_CUSTOMER_FLAGS] =
	"INSERT INTO customer_flags (customer_id, flag, note, set_by, set_at) "
	"VALUES ($1, $2, $3, $4, $5) ON CONFLICT (customer_id, flag) DO UPDATE "
	"SET note = excluded.note, set_by = excluded.set_by, set_at = "
	"excluded.set_at",
    [CUSTOMER_FLAG_SET_DELETE_CUSTOMER_FLAGS] =
	"DELETE FROM customer_flags WHERE customer_id = $1 AND flag = $2",
    [CUSTOMER_FLAG_GET] = "SELECT note, set_by, set_at FROM customer_flags WHERE "
			  "customer_id = $1 AND flag = $2",
};
const struct db_sql_table store_customer_flag_sql = {"customer_flag", customer_flag_sql,
						     CUSTOMER_FLAG__MAX, NULL};

enum err_code store_customer_flag_set(struct db *db, const char *customer_id, const char *flag,
				      bool set, const char *note, int64_t by, int64_t at,
				      struct error *e)
{
	int rc = set ? db_x(db, customer_flag_sql[CUSTOMER_FLAG_SET_INSERT_CUSTOMER_FLAGS], "tttii",
			    customer_id, flag, note, by, at)
		     : db_x(db, customer_flag_sql[CUSTOMER_FLAG_SET_DELETE_CUSTOMER_FLAGS], "tt",
			    customer_id, flag);

	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_customer_flag_get(struct db *db, struct arena *a, const char *customer_id,
				      const char *flag, struct customer_flag *out, bool *found,
				      struct error *e)
{
	struct db_stmt *st =
	    db_q(db, customer_flag_sql[CUSTOMER_FLAG_GET], "tt", customer_id, flag);
	int rc = st ? db_step(st) : DB_ERROR;

	*found = rc == DB_ROW;
	if (*found)
		*out =
		    (struct customer_flag){db_text_or_null(a, st, 0), db_int(st, 1), db_int(st, 2)};
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : db_failed(e);
}
