/* SQL for the ticket rows of the evidence reports; see complaint.h. */
#include "complaint.h"

#include "../base/banned.h"

#define COMPLAINT_COLS                                                                             \
	"t.ticket_id, t.number, t.kind, t.status, t.category, t.category_group, t.customer_id, "   \
	"t.customer_name, t.created_at, t.root_cause"

static void complaint_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct complaint *t = row;

	t->ticket_id = db_int(st, 0);
	t->number = arena_strdup(a, db_text(st, 1));
	t->kind = arena_strdup(a, db_text(st, 2));
	t->status = arena_strdup(a, db_text(st, 3));
	t->category = arena_strdup(a, db_text(st, 4));
	t->category_group = arena_strdup(a, db_text(st, 5));
	t->customer_id = db_text_or_null(a, st, 6);
	t->customer_name = db_text_or_null(a, st, 7);
	t->created_at = db_int(st, 8);
	t->root_cause = db_text_or_null(a, st, 9);
}

/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum { COMPLAINT_OF_BATCH, COMPLAINT_OF_CUSTOMER, COMPLAINT_TIMES_OF_FARM, COMPLAINT__MAX };
static const char *const complaint_sql[COMPLAINT__MAX] = {
    [COMPLAINT_OF_BATCH] = "SELECT " COMPLAINT_COLS " FROM tickets t WHERE t.batch_number = "
			   "$1 ORDER BY t.created_at, t.ticket_id",
    [COMPLAINT_OF_CUSTOMER] = "SELECT " COMPLAINT_COLS " FROM tickets t WHERE t.customer_id = "
			      "$1 ORDER BY t.created_at DESC, t.ticket_id DESC",
    [COMPLAINT_TIMES_OF_FARM] = "SELECT t.created_at FROM tickets t JOIN batches b ON "
				"b.batch_number = t.batch_number WHERE b.farm_id = $1 AND t.kind "
				"IN ('b2b', 'b2c')",
};
const struct db_sql_table store_complaint_sql = {"complaint", complaint_sql, COMPLAINT__MAX, NULL};

enum err_code store_complaints_of_batch(struct db *db, struct arena *a, const char *batch_number,
					struct complaint **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, complaint_sql[COMPLAINT_OF_BATCH], "t", batch_number), a,
			    sizeof(**out), complaint_read, out, n, e);
}

enum err_code store_complaints_of_customer(struct db *db, struct arena *a, const char *customer_id,
					   struct complaint **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, complaint_sql[COMPLAINT_OF_CUSTOMER], "t", customer_id), a,
			    sizeof(**out), complaint_read, out, n, e);
}

static void time_read(struct db_stmt *st, struct arena *a, void *row)
{
	*(int64_t *)row = db_int(st, 0);
}

enum err_code store_complaint_times_of_farm(struct db *db, struct arena *a, const char *farm_id,
					    int64_t **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, complaint_sql[COMPLAINT_TIMES_OF_FARM], "t", farm_id), a,
			    sizeof(**out), time_read, out, n, e);
}
