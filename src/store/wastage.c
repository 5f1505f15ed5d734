/* SQL for wastage events; see wastage.h. */
#include "wastage.h"

#include "../base/banned.h"

/* This file's static SQL, prepared when a connection opens (db.h, struct db_sql_table). */
enum { WASTAGE_UPSERT, WASTAGE_DELETE, WASTAGE_BETWEEN, WASTAGE_OF_FARM, WASTAGE__MAX };
static const char *const wastage_sql[WASTAGE__MAX] = {
    [WASTAGE_UPSERT] =
	"INSERT INTO wastage_events (ticket_id, batch_number, farm_id, product, qty, "
	"unit_cost_paise, cost_paise, reason, recorded_by, recorded_at) VALUES ($1, $2, "
	"$3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (ticket_id) DO UPDATE SET "
	"batch_number = excluded.batch_number, farm_id = excluded.farm_id, product = "
	"excluded.product, qty = excluded.qty, unit_cost_paise = excluded.unit_cost_paise, "
	"cost_paise = excluded.cost_paise, reason = excluded.reason, recorded_by = "
	"excluded.recorded_by, recorded_at = excluded.recorded_at RETURNING wastage_id",
    [WASTAGE_DELETE] = "DELETE FROM wastage_events WHERE ticket_id = $1",
    [WASTAGE_BETWEEN] =
	"SELECT w.wastage_id, w.ticket_id, t.number, w.batch_number, w.farm_id, f.name, "
	"w.product, w.qty, w.unit_cost_paise, w.cost_paise, w.reason, w.recorded_by, "
	"w.recorded_at FROM wastage_events w JOIN tickets t ON t.ticket_id = w.ticket_id "
	"LEFT JOIN farms f ON f.farm_id = w.farm_id WHERE w.recorded_at >= $1 AND "
	"($2 = 0 OR w.recorded_at < $2) ORDER BY w.recorded_at DESC, w.wastage_id DESC",
    [WASTAGE_OF_FARM] = "SELECT recorded_at, qty, cost_paise FROM wastage_events WHERE "
			"farm_id = $1",
};
const struct db_sql_table store_wastage_sql = {"wastage", wastage_sql, WASTAGE__MAX, NULL};

enum err_code store_wastage_upsert(struct db *db, const struct wastage *w, int64_t *id,
				   struct error *e)
{
	struct db_stmt *st = db_q(db, wastage_sql[WASTAGE_UPSERT], "ittt", w->ticket_id,
				  w->batch_number, w->farm_id, w->product);

	if (!st)
		return db_failed(e);
	db_bind_double(st, 5, w->qty);
	db_bind_int(st, 6, w->unit_cost_paise);
	db_bind_int(st, 7, w->cost_paise);
	db_bind_text(st, 8, w->reason);
	db_bind_int(st, 9, w->recorded_by);
	db_bind_int(st, 10, w->recorded_at);
	return db_returning_id(st, id) == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_wastage_delete(struct db *db, int64_t ticket, struct error *e)
{
	return db_x(db, wastage_sql[WASTAGE_DELETE], "i", ticket) == DB_DONE ? ERR_OK
									     : db_failed(e);
}

static void wastage_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct wastage *w = row;

	w->id = db_int(st, 0);
	w->ticket_id = db_int(st, 1);
	w->ticket_number = arena_strdup(a, db_text(st, 2));
	w->batch_number = db_text_or_null(a, st, 3);
	w->farm_id = db_text_or_null(a, st, 4);
	w->farm_name = db_text_or_null(a, st, 5);
	w->product = arena_strdup(a, db_text(st, 6));
	w->qty = db_double(st, 7);
	w->unit_cost_paise = db_int(st, 8);
	w->cost_paise = db_int(st, 9);
	w->reason = arena_strdup(a, db_text(st, 10));
	w->recorded_by = db_int(st, 11);
	w->recorded_at = db_int(st, 12);
}

enum err_code store_wastage_between(struct db *db, struct arena *a, int64_t from, int64_t to,
				    struct wastage **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, wastage_sql[WASTAGE_BETWEEN], "ii", from, to), a,
			    sizeof(**out), wastage_read, out, n, e);
}

static void farm_event_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct wastage *w = row;

	w->recorded_at = db_int(st, 0);
	w->qty = db_double(st, 1);
	w->cost_paise = db_int(st, 2);
}

enum err_code store_wastage_of_farm(struct db *db, struct arena *a, const char *farm_id,
				    struct wastage **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, wastage_sql[WASTAGE_OF_FARM], "t", farm_id), a, sizeof(**out),
			    farm_event_read, out, n, e);
}
