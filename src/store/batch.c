/* SQL for batches, their grading and allocations; see batch.h. */
#include "batch.h"

#include "farm.h"
#include "../base/banned.h"

enum {
	BATCH_GET,
	BATCH_GRADES,
	BATCH_EXISTS,
	BATCH_UPSERT_INSERT_BATCHES,
	BATCH_UPSERT_DELETE_BATCH_GRADES,
	BATCH_UPSERT_INSERT_BATCH_GRADES,
	BATCH_DELIVERIES,
	BATCH_LINE_PRICE,
	BATCH__MAX
};
static const char *const batch_sql[BATCH__MAX] = {
    [BATCH_GET] = "SELECT " STORE_BATCH_COLS " FROM batches b JOIN farms f ON f.farm_id = "
		  "b.farm_id WHERE b.batch_number = $1",
    [BATCH_GRADES] = "SELECT grade, qty FROM batch_grades WHERE batch_number = $1 ORDER BY grade",
    [BATCH_EXISTS] = "SELECT 1 FROM batches WHERE batch_number = $1",
    [BATCH_UPSERT_INSERT_BATCHES] =
	"INSERT INTO batches (batch_number, product, farm_id, received_at, received_qty, "
	"damaged_qty, rejected_qty, unit, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
	"$7, $8, $9) ON CONFLICT (batch_number) DO UPDATE SET product = "
	"excluded.product, farm_id = excluded.farm_id, received_at = "
	"excluded.received_at, received_qty = excluded.received_qty, damaged_qty = "
	"excluded.damaged_qty, rejected_qty = excluded.rejected_qty, unit = "
	"excluded.unit, updated_at = excluded.updated_at",
    [BATCH_UPSERT_DELETE_BATCH_GRADES] = "DELETE FROM batch_grades WHERE batch_number = $1",
    [BATCH_UPSERT_INSERT_BATCH_GRADES] =
	"INSERT INTO batch_grades (batch_number, grade, qty) VALUES ($1, $2, $3)",
    [BATCH_DELIVERIES] =
	"SELECT o.customer_id, cu.name, cu.type, a.so_id, a.line_no, l.item, a.qty, "
	"o.delivery_date FROM order_line_allocations a JOIN order_lines l ON l.so_id = "
	"a.so_id AND l.line_no = a.line_no JOIN orders o ON o.so_id = a.so_id JOIN "
	"customers cu ON cu.customer_id = o.customer_id WHERE a.batch_number = $1 ORDER "
	"BY o.customer_id, o.delivery_date, a.so_id, a.line_no",
    [BATCH_LINE_PRICE] = "SELECT l.price_paise FROM order_line_allocations a JOIN "
			 "order_lines l ON l.so_id = a.so_id AND l.line_no = a.line_no "
			 "WHERE a.so_id = $1 AND a.batch_number = $2",
};
const struct db_sql_table store_batch_sql = {"batch", batch_sql, BATCH__MAX, NULL, true};

bool store_batch_exists(struct db *db, const char *batch_number)
{
	return db_exists(db_q(db, batch_sql[BATCH_EXISTS], "t", batch_number));
}

enum err_code store_batch_upsert(struct db *db, const struct batch *b, int64_t now, struct error *e)
{
	struct db_stmt *st;
	int rc;

	if (!store_farm_exists(db, b->farm_id))
		return err_set(e, ERR_INVALID, "farm_id", "unknown farm '%s'", b->farm_id);
	st =
	    db_q(db, batch_sql[BATCH_UPSERT_INSERT_BATCHES], "tttiddd", b->batch_number, b->product,
		 b->farm_id, b->received_at, b->received_qty, b->damaged_qty, b->rejected_qty);
	if (!st)
		return db_failed(e);
	db_bind_text(st, 8, b->unit);
	db_bind_int(st, 9, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return db_failed(e);
	if (db_x(db, batch_sql[BATCH_UPSERT_DELETE_BATCH_GRADES], "t", b->batch_number) != DB_DONE)
		return db_failed(e);
	for (int i = 0; i < b->ngrades; i++) {
		rc = db_x(db, batch_sql[BATCH_UPSERT_INSERT_BATCH_GRADES], "ttd", b->batch_number,
			  b->grades[i].grade, b->grades[i].qty);
		if (rc == DB_CONSTRAINT)
			return err_set(e, ERR_INVALID, "grading", "grade '%s' appears twice",
				       b->grades[i].grade);
		if (rc != DB_DONE)
			return db_failed(e);
	}
	return ERR_OK;
}

static void grade_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct grade *g = row;

	g->grade = arena_strdup(a, db_text(st, 0));
	g->qty = db_double(st, 1);
}

void store_batch_read_at(struct db_stmt *st, int col, struct arena *a, struct batch *out)
{
	*out = (struct batch){
	    .batch_number = arena_strdup(a, db_text(st, col)),
	    .product = arena_strdup(a, db_text(st, col + 1)),
	    .farm_id = arena_strdup(a, db_text(st, col + 2)),
	    .farm_name = arena_strdup(a, db_text(st, col + 3)),
	    .received_at = db_int(st, col + 4),
	    .received_qty = db_double(st, col + 5),
	    .damaged_qty = db_double(st, col + 6),
	    .rejected_qty = db_double(st, col + 7),
	    .unit = db_text_or_null(a, st, col + 8),
	};
}

enum err_code store_batch_grades(struct db *db, struct arena *a, struct batch *b, struct error *e)
{
	return db_read_rows(db_q(db, batch_sql[BATCH_GRADES], "t", b->batch_number), a,
			    sizeof(*b->grades), grade_read, &b->grades, &b->ngrades, e);
}

enum err_code store_batch_get(struct db *db, struct arena *a, const char *batch_number,
			      struct batch *out, struct error *e)
{
	struct db_stmt *st = db_q(db, batch_sql[BATCH_GET], "t", batch_number);
	int rc = st ? db_step(st) : DB_ERROR;

	if (rc == DB_ROW)
		store_batch_read_at(st, 0, a, out);
	db_done(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "batch_number", "no batch '%s'", batch_number);
	if (rc != DB_ROW)
		return db_failed(e);
	return store_batch_grades(db, a, out, e);
}

static void delivery_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct batch_delivery *d = row;

	d->customer_id = arena_strdup(a, db_text(st, 0));
	d->customer_name = arena_strdup(a, db_text(st, 1));
	d->customer_type = arena_strdup(a, db_text(st, 2));
	d->so_id = arena_strdup(a, db_text(st, 3));
	d->line_no = (int)db_int(st, 4);
	d->item = arena_strdup(a, db_text(st, 5));
	d->qty = db_double(st, 6);
	d->delivery_date = db_text_or_null(a, st, 7);
}

enum err_code store_batch_deliveries(struct db *db, struct arena *a, const char *batch_number,
				     struct batch_delivery **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, batch_sql[BATCH_DELIVERIES], "t", batch_number), a,
			    sizeof(**out), delivery_read, out, n, e);
}

int64_t store_batch_line_price(struct db *db, const char *so_id, const char *batch_number)
{
	struct db_stmt *st = db_q(db, batch_sql[BATCH_LINE_PRICE], "tt", so_id, batch_number);
	int64_t p = 0;

	if (so_id && st && db_step(st) == DB_ROW)
		p = db_int(st, 0);
	db_done(st);
	return p;
}
