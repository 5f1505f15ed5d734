/* SQL for the communication log; see communication.h. */
#include "communication.h"

#include "../base/banned.h"

/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum { COMMUNICATION_ADD, COMMUNICATION_DELIVERY, COMMUNICATION_OF, COMMUNICATION__MAX };
static const char *const communication_sql[COMMUNICATION__MAX] = {
    [COMMUNICATION_ADD] = "INSERT INTO communications (ticket_id, channel, direction, "
			  "occurred_at, summary, logged_by, logged_at) VALUES ($1, $2, $3, "
			  "$4, $5, $6, $7) RETURNING communication_id",
    [COMMUNICATION_DELIVERY] =
	"UPDATE communications SET delivery_status = $1, delivery_error = $2 WHERE "
	"communication_id = $3",
    [COMMUNICATION_OF] = "SELECT c.communication_id, c.ticket_id, c.channel, c.direction, "
			 "c.summary, c.occurred_at, c.logged_by, c.logged_at, u.name, "
			 "c.delivery_status, c.delivery_error FROM "
			 "communications c JOIN users u ON u.user_id = c.logged_by WHERE "
			 "c.ticket_id = $1 ORDER BY c.occurred_at, c.communication_id",
};
const struct db_sql_table store_communication_sql = {"communication", communication_sql,
						     COMMUNICATION__MAX, NULL};

enum err_code store_communication_add(struct db *db, const struct communication *cm, int64_t *id,
				      struct error *e)
{
	struct db_stmt *st =
	    db_q(db, communication_sql[COMMUNICATION_ADD], "ittitii", cm->ticket_id, cm->channel,
		 cm->direction, cm->occurred_at, cm->summary, cm->logged_by, cm->logged_at);

	return db_returning_id(st, id) == DB_ROW ? ERR_OK : db_failed(e);
}

static void communication_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct communication *cm = row;

	cm->id = db_int(st, 0);
	cm->ticket_id = db_int(st, 1);
	cm->channel = arena_strdup(a, db_text(st, 2));
	cm->direction = arena_strdup(a, db_text(st, 3));
	cm->summary = arena_strdup(a, db_text(st, 4));
	cm->occurred_at = db_int(st, 5);
	cm->logged_by = db_int(st, 6);
	cm->logged_at = db_int(st, 7);
	cm->logged_by_name = arena_strdup(a, db_text(st, 8));
	cm->delivery_status = db_text_or_null(a, st, 9);
	cm->delivery_error = db_text_or_null(a, st, 10);
}

enum err_code store_communication_delivery(struct db *db, int64_t id, const char *status,
					   const char *error, struct error *e)
{
	return db_x(db, communication_sql[COMMUNICATION_DELIVERY], "tti", status, error, id) ==
		       DB_DONE
		   ? ERR_OK
		   : db_failed(e);
}

enum err_code store_communications_of(struct db *db, struct arena *a, int64_t ticket,
				      struct communication **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, communication_sql[COMMUNICATION_OF], "i", ticket), a,
			    sizeof(**out), communication_read, out, n, e);
}
