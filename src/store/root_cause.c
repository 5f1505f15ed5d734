/* SQL for a ticket's root cause; see root_cause.h. */
#include "root_cause.h"

#include "../base/banned.h"

/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum { ROOT_CAUSE_SET, ROOT_CAUSE_GET, ROOT_CAUSE__MAX };
static const char *const root_cause_sql[ROOT_CAUSE__MAX] = {
    [ROOT_CAUSE_SET] =
	"UPDATE tickets SET root_cause = $1, root_cause_note = $2 WHERE ticket_id = $3",
    [ROOT_CAUSE_GET] = "SELECT root_cause, root_cause_note FROM tickets WHERE ticket_id = $1",
};
const struct db_sql_table store_root_cause_sql = {"root_cause", root_cause_sql, ROOT_CAUSE__MAX,
						  NULL};

enum err_code store_root_cause_set(struct db *db, int64_t ticket, const char *cause,
				   const char *note, struct error *e)
{
	return db_x(db, root_cause_sql[ROOT_CAUSE_SET], "tti", cause, note, ticket) == DB_DONE
		   ? ERR_OK
		   : db_failed(e);
}

void store_root_cause_get(struct db *db, struct arena *a, int64_t ticket, const char **cause,
			  const char **note)
{
	struct db_stmt *st = db_q(db, root_cause_sql[ROOT_CAUSE_GET], "i", ticket);

	*cause = *note = NULL;
	if (st && db_step(st) == DB_ROW) {
		*cause = db_text_or_null(a, st, 0);
		*note = db_text_or_null(a, st, 1);
	}
	db_done(st);
}
