/* SQL for a ticket's root cause; see root_cause.h. */
#include "root_cause.h"

#include "../base/banned.h"

enum err_code store_root_cause_set(struct db *db, int64_t ticket, const char *cause,
				   const char *note, struct error *e)
{
	return db_x(db,
		    "UPDATE tickets SET root_cause = $1, root_cause_note = $2 WHERE ticket_id = $3",
		    "tti", cause, note, ticket) == DB_DONE
		   ? ERR_OK
		   : db_failed(e);
}

void store_root_cause_get(struct db *db, struct arena *a, int64_t ticket, const char **cause,
			  const char **note)
{
	struct db_stmt *st =
	    db_q(db, "SELECT root_cause, root_cause_note FROM tickets WHERE ticket_id = $1", "i",
		 ticket);

	*cause = *note = NULL;
	if (st && db_step(st) == DB_ROW) {
		*cause = db_text_or_null(a, st, 0);
		*note = db_text_or_null(a, st, 1);
	}
	db_done(st);
}
