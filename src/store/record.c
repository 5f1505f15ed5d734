/* SQL for the ERP's records; see record.h. */
#include "record.h"

#include "batch.h"

#include "../base/strbuf.h"

#include <stdio.h>
#include <string.h>

#include "../base/banned.h"

enum {
	ORDER_CONTEXT,
	RECORD_CUSTOMER_UPSERT,
	RECORD_ALLOCATIONS_INSERT,
	RECORD_ORDER_UPSERT_SELECT_CUSTOMERS,
	RECORD_ORDER_UPSERT_INSERT_ORDERS,
	RECORD_ORDER_UPSERT_DELETE_ORDER_LINE_ALLOCATIONS,
	RECORD_ORDER_UPSERT_DELETE_ORDER_LINES,
	RECORD_ORDER_UPSERT_INSERT_ORDER_LINES,
	RECORD_INVOICE_UPSERT_SELECT_ORDERS,
	RECORD_INVOICE_UPSERT_INSERT_INVOICES,
	RECORD_CUSTOMER_GET,
	RECORD_CUSTOMER_SEARCH,
	RECORD_ORDER_GET_SELECT_ORDERS,
	RECORD_ORDER_GET_SELECT_ORDER_LINES,
	RECORD_INVOICE_GET,
	RECORD_ORDERS_OF_CUSTOMER,
	RECORD__MAX
};
static const char *const record_sql[RECORD__MAX] = {
    /* An order's context in one statement (each is a round trip on PostgreSQL): the order
     * with its customer (k 0), its lines each joined to the batches it came from (k 1), its
     * invoices (k 2).  Each part has columns of its own, NULL in the others' rows, so that
     * no column mixes the types of two tables (the records may be the ERP's views); the
     * first part's NULLs carry the types of the columns they stand for, as PostgreSQL
     * resolves a UNION's column types two parts at a time. */
    [ORDER_CONTEXT] =
	"SELECT 0, o.so_id, o.customer_id, o.order_date, o.delivery_date, c.customer_id, c.name, "
	"c.type, c.phone, c.email, CAST(NULL AS INTEGER), NULL, NULL, CAST(NULL AS DOUBLE "
	"PRECISION), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS BIGINT), NULL, CAST(NULL AS "
	"DOUBLE PRECISION), NULL, NULL, NULL, NULL, NULL, NULL, NULL, CAST(NULL AS BIGINT) FROM "
	"orders o LEFT JOIN customers c ON "
	"c.customer_id = o.customer_id WHERE o.so_id = $1 "
	"UNION ALL SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, l.line_no, "
	"l.item, l.unit, l.ordered_qty, l.delivered_qty, l.price_paise, a.batch_number, a.qty, "
	"b.product, b.farm_id, f.name, NULL, NULL, NULL, NULL, NULL FROM order_lines l LEFT JOIN "
	"order_line_allocations a ON a.so_id = l.so_id AND a.line_no = l.line_no LEFT JOIN "
	"batches b ON b.batch_number = a.batch_number LEFT JOIN farms f ON f.farm_id = "
	"b.farm_id WHERE l.so_id = $1 "
	"UNION ALL SELECT 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
	"NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, i.invoice_id, i.so_id, i.number, "
	"i.date, i.total_paise FROM invoices i WHERE i.so_id = $1 "
	"ORDER BY 1, 11, 17, 25, 22",
    [RECORD_CUSTOMER_UPSERT] =
	"INSERT INTO customers (customer_id, name, type, phone, email, updated_at) "
	"VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (customer_id) DO UPDATE SET "
	"name = excluded.name, type = excluded.type, phone = excluded.phone, "
	"email = excluded.email, updated_at = excluded.updated_at",
    [RECORD_ALLOCATIONS_INSERT] =
	"INSERT INTO order_line_allocations (so_id, line_no, batch_number, qty) "
	"VALUES ($1, $2, $3, $4)",
    [RECORD_ORDER_UPSERT_SELECT_CUSTOMERS] = "SELECT 1 FROM customers WHERE customer_id = $1",
    [RECORD_ORDER_UPSERT_INSERT_ORDERS] =
	"INSERT INTO orders (so_id, customer_id, order_date, delivery_date, updated_at) "
	"VALUES ($1, $2, $3, $4, $5) ON CONFLICT (so_id) DO UPDATE SET "
	"customer_id = excluded.customer_id, order_date = excluded.order_date, "
	"delivery_date = excluded.delivery_date, updated_at = excluded.updated_at",
    [RECORD_ORDER_UPSERT_DELETE_ORDER_LINE_ALLOCATIONS] =
	"DELETE FROM order_line_allocations WHERE so_id = $1",
    [RECORD_ORDER_UPSERT_DELETE_ORDER_LINES] = "DELETE FROM order_lines WHERE so_id = $1",
    [RECORD_ORDER_UPSERT_INSERT_ORDER_LINES] =
	"INSERT INTO order_lines (so_id, line_no, item, unit, "
	"ordered_qty, delivered_qty, price_paise) VALUES ($1, $2, "
	"$3, $4, $5, $6, $7)",
    [RECORD_INVOICE_UPSERT_SELECT_ORDERS] = "SELECT 1 FROM orders WHERE so_id = $1",
    [RECORD_INVOICE_UPSERT_INSERT_INVOICES] =
	"INSERT INTO invoices (invoice_id, so_id, number, date, total_paise, "
	"updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (invoice_id) DO "
	"UPDATE SET so_id = excluded.so_id, number = excluded.number, date = "
	"excluded.date, total_paise = excluded.total_paise, updated_at = "
	"excluded.updated_at",
    [RECORD_CUSTOMER_GET] = "SELECT customer_id, name, type, phone, email FROM customers "
			    "WHERE customer_id = $1",
    [RECORD_CUSTOMER_SEARCH] = "SELECT customer_id, name, type, phone, email FROM customers "
			       "WHERE lower(name) LIKE lower($1) ESCAPE '\\' OR lower(customer_id) "
			       "LIKE lower($1) ESCAPE '\\' OR phone LIKE $1 ESCAPE '\\' OR "
			       "lower(email) LIKE lower($1) ESCAPE '\\' "
			       "ORDER BY name, customer_id LIMIT $2",
    [RECORD_ORDER_GET_SELECT_ORDERS] =
	"SELECT so_id, customer_id, order_date, delivery_date FROM orders "
	"WHERE so_id = $1",
    [RECORD_ORDER_GET_SELECT_ORDER_LINES] =
	"SELECT line_no, item, unit, ordered_qty, delivered_qty, price_paise FROM "
	"order_lines WHERE so_id = $1 ORDER BY line_no",
    [RECORD_INVOICE_GET] = "SELECT invoice_id, so_id, number, date, total_paise FROM "
			   "invoices WHERE invoice_id = $1",
    [RECORD_ORDERS_OF_CUSTOMER] = "SELECT so_id FROM orders WHERE customer_id = $1 "
				  "ORDER BY order_date DESC, so_id DESC LIMIT $2",
};
const struct db_sql_table store_record_sql = {"record", record_sql, RECORD__MAX, NULL, true};

enum err_code store_customer_upsert(struct db *db, const struct customer *c, int64_t now,
				    struct error *e)
{
	int rc = db_x(db, record_sql[RECORD_CUSTOMER_UPSERT], "ttttti", c->customer_id, c->name,
		      c->type, c->phone, c->email, now);

	if (rc == DB_CONSTRAINT)
		return err_set(e, ERR_INVALID, "type",
			       "customer type must be hotel, restaurant or home");
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

static enum err_code allocations_insert(struct db *db, const char *so_id,
					const struct order_line *l, struct error *e)
{
	for (int k = 0; k < l->nallocations; k++) {
		const struct allocation *al = &l->allocations[k];
		int rc;

		if (!store_batch_exists(db, al->batch_number))
			return err_set(e, ERR_INVALID, "lines", "line %d: unknown batch '%s'",
				       l->line_no, al->batch_number);
		rc = db_x(db, record_sql[RECORD_ALLOCATIONS_INSERT], "titd", so_id,
			  (int64_t)l->line_no, al->batch_number, al->qty);
		if (rc == DB_CONSTRAINT)
			return err_set(e, ERR_INVALID, "lines",
				       "line %d: batch '%s' is allocated twice", l->line_no,
				       al->batch_number);
		if (rc != DB_DONE)
			return db_failed(e);
	}
	return ERR_OK;
}

enum err_code store_order_upsert(struct db *db, const struct order *o, int64_t now, struct error *e)
{
	if (!db_exists(
		db_q(db, record_sql[RECORD_ORDER_UPSERT_SELECT_CUSTOMERS], "t", o->customer_id)))
		return err_set(e, ERR_INVALID, "customer_id", "unknown customer '%s'",
			       o->customer_id);
	int rc = db_x(db, record_sql[RECORD_ORDER_UPSERT_INSERT_ORDERS], "tttti", o->so_id,
		      o->customer_id, o->order_date, o->delivery_date, now);

	if (rc != DB_DONE)
		return db_failed(e);
	if (db_x(db, record_sql[RECORD_ORDER_UPSERT_DELETE_ORDER_LINE_ALLOCATIONS], "t",
		 o->so_id) != DB_DONE ||
	    db_x(db, record_sql[RECORD_ORDER_UPSERT_DELETE_ORDER_LINES], "t", o->so_id) != DB_DONE)
		return db_failed(e);
	for (int i = 0; i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];
		struct db_stmt *st = db_q(db, record_sql[RECORD_ORDER_UPSERT_INSERT_ORDER_LINES],
					  "titt", o->so_id, (int64_t)l->line_no, l->item, l->unit);

		if (!st)
			return db_failed(e);
		db_bind_double(st, 5, l->ordered_qty);
		if (l->has_delivered)
			db_bind_double(st, 6, l->delivered_qty);
		else
			db_bind_text(st, 6, NULL);
		db_bind_int(st, 7, l->price_paise);
		rc = db_step(st);
		db_done(st);
		if (rc == DB_CONSTRAINT)
			return err_set(e, ERR_INVALID, "lines", "line %d appears twice",
				       l->line_no);
		if (rc != DB_DONE)
			return db_failed(e);
		rc = allocations_insert(db, o->so_id, l, e);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

enum err_code store_invoice_upsert(struct db *db, const struct invoice *inv, int64_t now,
				   struct error *e)
{
	if (inv->so_id &&
	    !db_exists(db_q(db, record_sql[RECORD_INVOICE_UPSERT_SELECT_ORDERS], "t", inv->so_id)))
		return err_set(e, ERR_INVALID, "so_id", "unknown sales order '%s'", inv->so_id);
	int rc = db_x(db, record_sql[RECORD_INVOICE_UPSERT_INSERT_INVOICES], "ttttii",
		      inv->invoice_id, inv->so_id, inv->number, inv->date, inv->total_paise, now);

	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

/* The customer in columns col.. (customer_id, name, type, phone, email). */
static void customer_read_at(struct db_stmt *st, int col, struct arena *a, struct customer *c)
{
	c->customer_id = arena_strdup(a, db_text(st, col));
	c->name = arena_strdup(a, db_text(st, col + 1));
	c->type = arena_strdup(a, db_text(st, col + 2));
	c->phone = db_text_or_null(a, st, col + 3);
	c->email = db_text_or_null(a, st, col + 4);
}

static void customer_read(struct db_stmt *st, struct arena *a, struct customer *c)
{
	customer_read_at(st, 0, a, c);
}

enum err_code store_customer_get(struct db *db, struct arena *a, const char *id,
				 struct customer *out, struct error *e)
{
	struct db_stmt *st = db_q(db, record_sql[RECORD_CUSTOMER_GET], "t", id);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW)
		customer_read(st, a, out);
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, "customer_id", "no customer '%s'", id)
			     : db_failed(e);
}

enum err_code store_customer_search(struct db *db, struct arena *a, const char *q, int limit,
				    struct customer *out, int *n, struct error *e)
{
	/* The user's text is matched literally: %, _ and \\ are escaped. */
	struct strbuf esc;

	strbuf_init(&esc, 0);
	for (const char *p = q ? q : ""; *p; p++)
		strbuf_putf(&esc, "%s%c", strchr("%_\\", *p) ? "\\" : "", *p);
	char *like = arena_printf(a, "%%%s%%", esc.buf);

	strbuf_release(&esc);
	struct db_stmt *st =
	    db_q(db, record_sql[RECORD_CUSTOMER_SEARCH], "ti", like, (int64_t)limit);
	int rc;

	*n = 0;
	if (!st)
		return db_failed(e);
	while ((rc = db_step(st)) == DB_ROW && *n < limit)
		customer_read(st, a, &out[(*n)++]);
	db_done(st);
	return rc == DB_ERROR ? db_failed(e) : ERR_OK;
}

/* A copy of array p (n items of size bytes) with room for more, in a. */
static void *grow(struct arena *a, const void *p, size_t size, int n, int more)
{
	void *q = arena_zalloc(a, size * (size_t)more);

	memcpy(q, p, size * (size_t)n);
	return q;
}

/* An order line from the columns at col: its number, item, unit, ordered and delivered
 * quantities (delivered NULL when not known) and price. */
static void order_line_read(struct db_stmt *st, struct arena *a, int col, struct order_line *l)
{
	l->line_no = (int)db_int(st, col);
	l->item = arena_strdup(a, db_text(st, col + 1));
	l->unit = arena_strdup(a, db_text(st, col + 2));
	l->ordered_qty = db_double(st, col + 3);
	l->has_delivered = !db_null(st, col + 4);
	l->delivered_qty = db_double(st, col + 4);
	l->price_paise = db_int(st, col + 5);
}

enum err_code store_order_get(struct db *db, struct arena *a, const char *so_id, struct order *out,
			      struct error *e)
{
	struct db_stmt *st = db_q(db, record_sql[RECORD_ORDER_GET_SELECT_ORDERS], "t", so_id);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->so_id = arena_strdup(a, db_text(st, 0));
		out->customer_id = arena_strdup(a, db_text(st, 1));
		out->order_date = arena_strdup(a, db_text(st, 2));
		out->delivery_date = db_text_or_null(a, st, 3);
	}
	db_done(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "so_id", "no sales order '%s'", so_id);
	if (rc != DB_ROW)
		return db_failed(e);

	/* The lines in one query, into an array that doubles as they come. */
	int cap = 8;

	out->lines = arena_zalloc(a, sizeof(*out->lines) * (size_t)cap);
	out->nlines = 0;
	st = db_q(db, record_sql[RECORD_ORDER_GET_SELECT_ORDER_LINES], "t", so_id);
	if (!st)
		return db_failed(e);
	while ((rc = db_step(st)) == DB_ROW) {
		if (out->nlines == cap) {
			out->lines = grow(a, out->lines, sizeof(*out->lines), cap, cap * 2);
			cap *= 2;
		}
		order_line_read(st, a, 0, &out->lines[out->nlines++]);
	}
	db_done(st);
	return rc == DB_ERROR ? db_failed(e) : ERR_OK;
}

/* The invoice in columns col.. (invoice_id, so_id, number, date, total_paise). */
static void invoice_read_at(struct db_stmt *st, int col, struct arena *a, struct invoice *inv)
{
	inv->invoice_id = arena_strdup(a, db_text(st, col));
	inv->so_id = db_text_or_null(a, st, col + 1);
	inv->number = arena_strdup(a, db_text(st, col + 2));
	inv->date = arena_strdup(a, db_text(st, col + 3));
	inv->total_paise = db_int(st, col + 4);
}

/* A row of ORDER_CONTEXT's lines (columns 10..20) into the order's lines and allocations. */
static void line_read(struct db_stmt *st, struct arena *a, struct order *o, int *cap,
		      struct batch_allocation **al, int *nal, int *acap)
{
	int line_no = (int)db_int(st, 10);

	/* A line comes once per batch it came from (once when none), in line order. */
	if (!o->nlines || o->lines[o->nlines - 1].line_no != line_no) {
		if (o->nlines == *cap) {
			o->lines = grow(a, o->lines, sizeof(*o->lines), *cap, *cap * 2);
			*cap *= 2;
		}
		order_line_read(st, a, 10, &o->lines[o->nlines++]);
	}
	if (db_null(st, 16) || db_null(st, 20))
		return; /* no batch, or one whose batch or farm the records lack */
	if (*nal == *acap) {
		*al = grow(a, *al, sizeof(**al), *acap, *acap * 2);
		*acap *= 2;
	}
	(*al)[(*nal)++] = (struct batch_allocation){
	    .line_no = line_no,
	    .batch_number = arena_strdup(a, db_text(st, 16)),
	    .qty = db_double(st, 17),
	    .product = arena_strdup(a, db_text(st, 18)),
	    .farm_id = arena_strdup(a, db_text(st, 19)),
	    .farm_name = arena_strdup(a, db_text(st, 20)),
	};
}

enum err_code store_order_context(struct db *db, struct arena *a, const char *so_id,
				  struct order_context *out, int max_invoices, struct error *e)
{
	struct db_stmt *st = db_q(db, record_sql[ORDER_CONTEXT], "t", so_id);
	struct order *o = &out->order;
	int rc = st ? db_step(st) : DB_ERROR;
	int cap = 8, acap = 8;

	memset(out, 0, sizeof(*out));
	if (rc == DB_ROW && db_int(st, 0) != 0)
		rc = DB_DONE; /* lines or invoices of an order the records do not have */
	if (rc != DB_ROW) {
		db_done(st);
		return rc == DB_DONE
			   ? err_set(e, ERR_NOT_FOUND, "so_id", "no sales order '%s'", so_id)
			   : db_failed(e);
	}
	o->so_id = arena_strdup(a, db_text(st, 1));
	o->customer_id = arena_strdup(a, db_text(st, 2));
	o->order_date = arena_strdup(a, db_text(st, 3));
	o->delivery_date = db_text_or_null(a, st, 4);
	out->has_customer = !db_null(st, 5);
	if (out->has_customer)
		customer_read_at(st, 5, a, &out->customer);
	o->lines = arena_zalloc(a, sizeof(*o->lines) * (size_t)cap);
	out->allocations = arena_zalloc(a, sizeof(*out->allocations) * (size_t)acap);
	out->invoices = arena_zalloc(a, sizeof(*out->invoices) * (size_t)(max_invoices + 1));
	while ((rc = db_step(st)) == DB_ROW) {
		if (db_int(st, 0) == 1)
			line_read(st, a, o, &cap, &out->allocations, &out->nallocations, &acap);
		else if (out->ninvoices < max_invoices)
			invoice_read_at(st, 21, a, &out->invoices[out->ninvoices++]);
	}
	db_done(st);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

static void invoice_read(struct db_stmt *st, struct arena *a, struct invoice *inv)
{
	invoice_read_at(st, 0, a, inv);
}

enum err_code store_invoice_get(struct db *db, struct arena *a, const char *invoice_id,
				struct invoice *out, struct error *e)
{
	struct db_stmt *st = db_q(db, record_sql[RECORD_INVOICE_GET], "t", invoice_id);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW)
		invoice_read(st, a, out);
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE
		   ? err_set(e, ERR_NOT_FOUND, "invoice_id", "no invoice '%s'", invoice_id)
		   : db_failed(e);
}

enum err_code store_orders_of_customer(struct db *db, struct arena *a, const char *customer_id,
				       const char **out, int max, int *n, struct error *e)
{
	struct db_stmt *st =
	    db_q(db, record_sql[RECORD_ORDERS_OF_CUSTOMER], "ti", customer_id, (int64_t)max);
	int rc;

	*n = 0;
	if (!st)
		return db_failed(e);
	while ((rc = db_step(st)) == DB_ROW && *n < max)
		out[(*n)++] = arena_strdup(a, db_text(st, 0));
	db_done(st);
	return rc == DB_ERROR ? db_failed(e) : ERR_OK;
}
