/* SQL for attachments, farms, batches, root causes, flags, communications and wastage; see
 * evidence.h. */
#include "evidence.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/timefmt.h"
#include "../base/banned.h"

static json_t *str_or_null(struct db_stmt *st, int c)
{
	return db_null(st, c) ? json_null() : json_string(db_text(st, c));
}

static json_t *instant_json(int64_t t)
{
	char buf[TIME_ISO_LEN];

	if (!t)
		return json_null();
	instant_format(t, buf);
	return json_string(buf);
}

static json_t *money_json(int64_t paise)
{
	return json_real((double)paise / 100.0);
}

/* "YYYY-MM" of instant t in the business time zone. */
static void month_of(int64_t t, char out[8])
{
	int y, m, d;

	civil_from_days(local_day(t), &y, &m, &d);
	snprintf(out, 8, "%04d-%02d", y, m);
}

static bool exists(struct db *db, const char *sql, const char *id)
{
	struct db_stmt *st = db_q(db, sql, "t", id);
	bool found = st && db_step(st) == DB_ROW;

	db_done(st);
	return found;
}

/* --- attachments ---------------------------------------------------------------------- */

#define ATT_COLS                                                                                   \
	"a.attachment_id, a.ticket_id, a.communication_id, a.sha256, a.filename, "                 \
	"a.content_type, a.size, a.kind, a.uploaded_by, u.name, a.uploaded_at, a.taken_at "        \
	"FROM attachments a JOIN users u ON u.user_id = a.uploaded_by "

static void attachment_read(struct db_stmt *st, struct arena *a, struct attachment *at)
{
	at->id = db_int(st, 0);
	at->ticket_id = db_null(st, 1) ? 0 : db_int(st, 1);
	at->communication_id = db_null(st, 2) ? 0 : db_int(st, 2);
	at->sha256 = arena_strdup(a, db_text(st, 3));
	at->filename = arena_strdup(a, db_text(st, 4));
	at->content_type = arena_strdup(a, db_text(st, 5));
	at->size = db_int(st, 6);
	at->kind = arena_strdup(a, db_text(st, 7));
	at->uploaded_by = db_int(st, 8);
	at->uploaded_by_name = arena_strdup(a, db_text(st, 9));
	at->uploaded_at = db_int(st, 10);
	at->taken_at = db_null(st, 11) ? 0 : db_int(st, 11);
}

enum err_code store_attachment_insert(struct db *db, const struct attachment *at, int64_t *id,
				      struct error *e)
{
	struct db_stmt *st = db_q(
	    db,
	    "INSERT INTO attachments (ticket_id, communication_id, sha256, filename, content_type, "
	    "size, kind, uploaded_by, uploaded_at, taken_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
	    "$8, $9, $10) RETURNING attachment_id",
	    "");
	int rc;

	if (!st)
		return db_failed(e);
	if (at->ticket_id)
		db_bind_int(st, 1, at->ticket_id);
	else
		db_bind_text(st, 1, NULL);
	if (at->communication_id)
		db_bind_int(st, 2, at->communication_id);
	else
		db_bind_text(st, 2, NULL);
	db_bind_text(st, 3, at->sha256);
	db_bind_text(st, 4, at->filename);
	db_bind_text(st, 5, at->content_type);
	db_bind_int(st, 6, at->size);
	db_bind_text(st, 7, at->kind);
	db_bind_int(st, 8, at->uploaded_by);
	db_bind_int(st, 9, at->uploaded_at);
	if (at->taken_at)
		db_bind_int(st, 10, at->taken_at);
	else
		db_bind_text(st, 10, NULL);
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_attachment_get(struct db *db, struct arena *a, int64_t id,
				   struct attachment *out, struct error *e)
{
	struct db_stmt *st = db_q(db, "SELECT " ATT_COLS "WHERE a.attachment_id = $1", "i", id);
	int rc;

	if (!st)
		return db_failed(e);
	rc = db_step(st);
	if (rc == DB_ROW)
		attachment_read(st, a, out);
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "no attachment %lld", (long long)id)
			     : db_failed(e);
}

enum err_code store_attachment_claim(struct db *db, int64_t id, int64_t by, int64_t ticket,
				     int64_t communication, bool photo, const char *field,
				     struct error *e)
{
	struct db_stmt *st = db_q(db,
				  "UPDATE attachments SET ticket_id = $1, communication_id = $2 "
				  "WHERE attachment_id = $3 AND ticket_id IS NULL AND "
				  "uploaded_by = $4 AND ($5 = 0 OR kind = 'photo')",
				  "");
	int rc;

	if (!st)
		return db_failed(e);
	db_bind_int(st, 1, ticket);
	if (communication)
		db_bind_int(st, 2, communication);
	else
		db_bind_text(st, 2, NULL);
	db_bind_int(st, 3, id);
	db_bind_int(st, 4, by);
	db_bind_int(st, 5, photo ? 1 : 0);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return db_failed(e);
	if (db_ops_of(db)->changes(db) != 1)
		return err_set(e, ERR_INVALID, field,
			       "upload %lld is not one of your unattached %s", (long long)id,
			       photo ? "photo uploads" : "uploads");
	return ERR_OK;
}

enum err_code store_attachments_of(struct db *db, struct arena *a, int64_t ticket,
				   struct attachment **out, int *n, struct error *e)
{
	struct db_stmt *st;
	int rc, cap = 16;

	*n = 0;
	*out = arena_zalloc(a, sizeof(**out) * (size_t)cap);
	st = db_q(db, "SELECT " ATT_COLS "WHERE a.ticket_id = $1 ORDER BY a.attachment_id", "i",
		  ticket);
	if (!st)
		return db_failed(e);
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			struct attachment *bigger =
			    arena_zalloc(a, sizeof(**out) * (size_t)cap * 2);

			memcpy(bigger, *out, sizeof(**out) * (size_t)cap);
			*out = bigger;
			cap *= 2;
		}
		attachment_read(st, a, &(*out)[(*n)++]);
	}
	db_done(st);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

int64_t store_photo_count(struct db *db, int64_t ticket)
{
	struct db_stmt *st =
	    db_q(db, "SELECT count(*) FROM attachments WHERE ticket_id = $1 AND kind = 'photo'",
		 "i", ticket);
	int64_t n = 0;

	if (st && db_step(st) == DB_ROW)
		n = db_int(st, 0);
	db_done(st);
	return n;
}

bool store_sha_used(struct db *db, const char *sha)
{
	return exists(db, "SELECT 1 FROM attachments WHERE sha256 = $1", sha);
}

bool store_sha_maybe_used(struct db *db, const char *sha)
{
	struct db_stmt *st = db_q(db, "SELECT 1 FROM attachments WHERE sha256 = $1", "t", sha);
	int rc = st ? db_step(st) : -1;

	db_done(st);
	return rc != DB_DONE;
}

/* --- farms and batches ------------------------------------------------------------------ */

enum err_code store_farm_upsert(struct db *db, const struct farm *f, int64_t now, struct error *e)
{
	int rc = db_x(db,
		      "INSERT INTO farms (farm_id, name, location, contact, updated_at) VALUES "
		      "($1, $2, $3, $4, $5) ON CONFLICT (farm_id) DO UPDATE SET name = "
		      "excluded.name, location = excluded.location, contact = excluded.contact, "
		      "updated_at = excluded.updated_at",
		      "tttti", f->farm_id, f->name, f->location, f->contact, now);

	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

bool store_farm_exists(struct db *db, const char *farm_id)
{
	return exists(db, "SELECT 1 FROM farms WHERE farm_id = $1", farm_id);
}

bool store_batch_exists(struct db *db, const char *batch_number)
{
	return exists(db, "SELECT 1 FROM batches WHERE batch_number = $1", batch_number);
}

enum err_code store_batch_upsert(struct db *db, const struct batch *b, int64_t now, struct error *e)
{
	struct db_stmt *st;
	int rc;

	if (!store_farm_exists(db, b->farm_id))
		return err_set(e, ERR_INVALID, "farm_id", "unknown farm '%s'", b->farm_id);
	st = db_q(db,
		  "INSERT INTO batches (batch_number, product, farm_id, received_at, received_qty, "
		  "damaged_qty, rejected_qty, unit, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
		  "$7, $8, $9) ON CONFLICT (batch_number) DO UPDATE SET product = "
		  "excluded.product, farm_id = excluded.farm_id, received_at = "
		  "excluded.received_at, received_qty = excluded.received_qty, damaged_qty = "
		  "excluded.damaged_qty, rejected_qty = excluded.rejected_qty, unit = "
		  "excluded.unit, updated_at = excluded.updated_at",
		  "tttiddd", b->batch_number, b->product, b->farm_id, b->received_at,
		  b->received_qty, b->damaged_qty, b->rejected_qty);
	if (!st)
		return db_failed(e);
	db_bind_text(st, 8, b->unit);
	db_bind_int(st, 9, now);
	rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return db_failed(e);
	if (db_x(db, "DELETE FROM batch_grades WHERE batch_number = $1", "t", b->batch_number) !=
	    DB_DONE)
		return db_failed(e);
	for (int i = 0; i < b->ngrades; i++) {
		rc = db_x(db,
			  "INSERT INTO batch_grades (batch_number, grade, qty) VALUES ($1, $2, $3)",
			  "ttd", b->batch_number, b->grades[i].grade, b->grades[i].qty);
		if (rc == DB_CONSTRAINT)
			return err_set(e, ERR_INVALID, "grading", "grade '%s' appears twice",
				       b->grades[i].grade);
		if (rc != DB_DONE)
			return db_failed(e);
	}
	return ERR_OK;
}

json_t *store_batch_json(struct db *db, const char *batch_number)
{
	struct db_stmt *st =
	    db_q(db,
		 "SELECT b.batch_number, b.product, b.farm_id, f.name, b.received_at, "
		 "b.received_qty, b.damaged_qty, b.rejected_qty, b.unit FROM batches b JOIN farms "
		 "f ON f.farm_id = b.farm_id WHERE b.batch_number = $1",
		 "t", batch_number);
	json_t *o = NULL, *grading;

	if (!st || db_step(st) != DB_ROW) {
		db_done(st);
		return NULL;
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:f, s:f, s:f, s:o}", "batch_number",
		      db_text(st, 0), "product", db_text(st, 1), "farm_id", db_text(st, 2),
		      "farm_name", db_text(st, 3), "received_at", instant_json(db_int(st, 4)),
		      "received_qty", db_double(st, 5), "damaged_qty", db_double(st, 6),
		      "rejected_qty", db_double(st, 7), "unit", str_or_null(st, 8));
	db_done(st);
	grading = json_object();
	st = db_q(db, "SELECT grade, qty FROM batch_grades WHERE batch_number = $1 ORDER BY grade",
		  "t", batch_number);
	while (st && db_step(st) == DB_ROW)
		json_object_set_new(grading, db_text(st, 0), json_real(db_double(st, 1)));
	db_done(st);
	json_object_set_new(o, "grading", grading);
	return o;
}

json_t *store_order_allocations_json(struct db *db, const char *so_id)
{
	struct db_stmt *st =
	    db_q(db,
		 "SELECT a.line_no, a.batch_number, a.qty, b.product, b.farm_id, f.name FROM "
		 "order_line_allocations a JOIN batches b ON b.batch_number = a.batch_number JOIN "
		 "farms f ON f.farm_id = b.farm_id WHERE a.so_id = $1 ORDER BY a.line_no, "
		 "a.batch_number",
		 "t", so_id);
	json_t *out = json_object();

	while (st && db_step(st) == DB_ROW) {
		char key[24];
		json_t *arr;

		snprintf(key, sizeof(key), "%lld", (long long)db_int(st, 0));
		arr = json_object_get(out, key);
		if (!arr) {
			arr = json_array();
			json_object_set_new(out, key, arr);
		}
		json_array_append_new(arr, json_pack("{s:s, s:f, s:s, s:s, s:s}", "batch_number",
						     db_text(st, 1), "qty", db_double(st, 2),
						     "product", db_text(st, 3), "farm_id",
						     db_text(st, 4), "farm_name", db_text(st, 5)));
	}
	db_done(st);
	return out;
}

/* --- root causes and flags --------------------------------------------------------------- */

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

enum err_code store_farm_flag_add(struct db *db, const char *farm_id, int64_t ticket,
				  const char *reason, int64_t by, int64_t at, int64_t *id,
				  struct error *e)
{
	struct db_stmt *st = db_q(db,
				  "INSERT INTO farm_flags (farm_id, ticket_id, reason, flagged_by, "
				  "flagged_at) VALUES ($1, $2, $3, $4, $5) RETURNING flag_id",
				  "t", farm_id);
	int rc;

	if (!st)
		return db_failed(e);
	if (ticket)
		db_bind_int(st, 2, ticket);
	else
		db_bind_text(st, 2, NULL);
	db_bind_text(st, 3, reason);
	db_bind_int(st, 4, by);
	db_bind_int(st, 5, at);
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_customer_flag_set(struct db *db, const char *customer_id, const char *flag,
				      bool set, const char *note, int64_t by, int64_t at,
				      struct error *e)
{
	int rc = set ? db_x(db,
			    "INSERT INTO customer_flags (customer_id, flag, note, set_by, set_at) "
			    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (customer_id, flag) DO UPDATE "
			    "SET note = excluded.note, set_by = excluded.set_by, set_at = "
			    "excluded.set_at",
			    "tttii", customer_id, flag, note, by, at)
		     : db_x(db, "DELETE FROM customer_flags WHERE customer_id = $1 AND flag = $2",
			    "tt", customer_id, flag);

	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

/* --- communications ------------------------------------------------------------------------ */

enum err_code store_communication_add(struct db *db, const struct communication *cm, int64_t *id,
				      struct error *e)
{
	struct db_stmt *st = db_q(db,
				  "INSERT INTO communications (ticket_id, channel, direction, "
				  "occurred_at, summary, logged_by, logged_at) VALUES ($1, $2, $3, "
				  "$4, $5, $6, $7) RETURNING communication_id",
				  "ittitii", cm->ticket_id, cm->channel, cm->direction,
				  cm->occurred_at, cm->summary, cm->logged_by, cm->logged_at);
	int rc = db_returning_id(st, id);

	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_communications_of(struct db *db, struct arena *a, int64_t ticket,
				      struct communication **out, int *n, struct error *e)
{
	struct db_stmt *st;
	int rc, cap = 16;

	*n = 0;
	*out = arena_zalloc(a, sizeof(**out) * (size_t)cap);
	st = db_q(db,
		  "SELECT c.communication_id, c.ticket_id, c.channel, c.direction, c.summary, "
		  "c.occurred_at, c.logged_by, c.logged_at, u.name FROM communications c JOIN "
		  "users u ON u.user_id = c.logged_by WHERE c.ticket_id = $1 ORDER BY "
		  "c.occurred_at, c.communication_id",
		  "i", ticket);
	if (!st)
		return db_failed(e);
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			struct communication *bigger =
			    arena_zalloc(a, sizeof(**out) * (size_t)cap * 2);

			memcpy(bigger, *out, sizeof(**out) * (size_t)cap);
			*out = bigger;
			cap *= 2;
		}
		struct communication *cm = &(*out)[(*n)++];

		cm->id = db_int(st, 0);
		cm->ticket_id = db_int(st, 1);
		cm->channel = arena_strdup(a, db_text(st, 2));
		cm->direction = arena_strdup(a, db_text(st, 3));
		cm->summary = arena_strdup(a, db_text(st, 4));
		cm->occurred_at = db_int(st, 5);
		cm->logged_by = db_int(st, 6);
		cm->logged_at = db_int(st, 7);
		cm->logged_by_name = arena_strdup(a, db_text(st, 8));
	}
	db_done(st);
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

/* --- wastage ------------------------------------------------------------------------------- */

enum err_code store_wastage_upsert(struct db *db, const struct wastage *w, int64_t *id,
				   struct error *e)
{
	struct db_stmt *st = db_q(
	    db,
	    "INSERT INTO wastage_events (ticket_id, batch_number, farm_id, product, qty, "
	    "unit_cost_paise, cost_paise, reason, recorded_by, recorded_at) VALUES ($1, $2, "
	    "$3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (ticket_id) DO UPDATE SET "
	    "batch_number = excluded.batch_number, farm_id = excluded.farm_id, product = "
	    "excluded.product, qty = excluded.qty, unit_cost_paise = excluded.unit_cost_paise, "
	    "cost_paise = excluded.cost_paise, reason = excluded.reason, recorded_by = "
	    "excluded.recorded_by, recorded_at = excluded.recorded_at RETURNING wastage_id",
	    "ittt", w->ticket_id, w->batch_number, w->farm_id, w->product);
	int rc;

	if (!st)
		return db_failed(e);
	db_bind_double(st, 5, w->qty);
	db_bind_int(st, 6, w->unit_cost_paise);
	db_bind_int(st, 7, w->cost_paise);
	db_bind_text(st, 8, w->reason);
	db_bind_int(st, 9, w->recorded_by);
	db_bind_int(st, 10, w->recorded_at);
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

int64_t store_batch_line_price(struct db *db, const char *so_id, const char *batch_number)
{
	struct db_stmt *st = db_q(db,
				  "SELECT l.price_paise FROM order_line_allocations a JOIN "
				  "order_lines l ON l.so_id = a.so_id AND l.line_no = a.line_no "
				  "WHERE a.so_id = $1 AND a.batch_number = $2",
				  "tt", so_id, batch_number);
	int64_t p = 0;

	if (so_id && st && db_step(st) == DB_ROW)
		p = db_int(st, 0);
	db_done(st);
	return p;
}

/* --- reports ------------------------------------------------------------------------------- */

static json_t *ticket_row_json(struct db_stmt *st)
{
	/* ticket_id, number, kind, status, category, category_group, customer_id,
	 * customer_name, created_at, root_cause */
	json_t *o =
	    json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "ticket_id", (json_int_t)db_int(st, 0),
		      "number", db_text(st, 1), "kind", db_text(st, 2), "status", db_text(st, 3),
		      "category", db_text(st, 4), "category_group", db_text(st, 5));

	json_object_set_new(o, "customer_id", str_or_null(st, 6));
	json_object_set_new(o, "customer_name", str_or_null(st, 7));
	json_object_set_new(o, "created_at", instant_json(db_int(st, 8)));
	json_object_set_new(o, "root_cause", str_or_null(st, 9));
	return o;
}

#define TICKET_ROW_COLS                                                                            \
	"t.ticket_id, t.number, t.kind, t.status, t.category, t.category_group, t.customer_id, "   \
	"t.customer_name, t.created_at, t.root_cause"

json_t *store_investigation_json(struct db *db, const char *batch_number, struct error *e)
{
	json_t *batch = store_batch_json(db, batch_number);
	json_t *out, *customers, *tickets, *by_customer;
	struct db_stmt *st;
	int rc;

	if (!batch) {
		err_set(e, ERR_NOT_FOUND, "batch_number", "no batch '%s'", batch_number);
		return NULL;
	}
	out = json_pack("{s:o}", "batch", batch);
	st = db_q(db,
		  "SELECT f.farm_id, f.name, f.location, f.contact FROM farms f JOIN batches b ON "
		  "b.farm_id = f.farm_id WHERE b.batch_number = $1",
		  "t", batch_number);
	if (st && db_step(st) == DB_ROW) {
		json_t *f =
		    json_pack("{s:s, s:s}", "farm_id", db_text(st, 0), "name", db_text(st, 1));

		json_object_set_new(f, "location", str_or_null(st, 2));
		json_object_set_new(f, "contact", str_or_null(st, 3));
		json_object_set_new(out, "farm", f);
	}
	db_done(st);

	/* Complaints per customer first, so each receiving customer can carry its count. */
	tickets = json_array();
	by_customer = json_object();
	st = db_q(db,
		  "SELECT " TICKET_ROW_COLS " FROM tickets t WHERE t.batch_number = $1 ORDER BY "
		  "t.created_at, t.ticket_id",
		  "t", batch_number);
	if (!st)
		goto fail;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *who = !db_null(st, 6)   ? db_text(st, 6)
				  : !db_null(st, 7) ? db_text(st, 7)
						    : "(unknown)";
		json_t *c = json_object_get(by_customer, who);

		if (!c) {
			c = json_pack("{s:o, s:o, s:i}", "customer_id", str_or_null(st, 6),
				      "customer_name", str_or_null(st, 7), "complaints", 0);
			json_object_set_new(by_customer, who, c);
		}
		json_object_set_new(
		    c, "complaints",
		    json_integer(json_integer_value(json_object_get(c, "complaints")) + 1));
		json_array_append_new(tickets, ticket_row_json(st));
	}
	db_done(st);
	if (rc != DB_DONE)
		goto fail;

	customers = json_array();
	st = db_q(db,
		  "SELECT o.customer_id, cu.name, cu.type, a.so_id, a.line_no, l.item, a.qty, "
		  "o.delivery_date FROM order_line_allocations a JOIN order_lines l ON l.so_id = "
		  "a.so_id AND l.line_no = a.line_no JOIN orders o ON o.so_id = a.so_id JOIN "
		  "customers cu ON cu.customer_id = o.customer_id WHERE a.batch_number = $1 ORDER "
		  "BY o.customer_id, o.delivery_date, a.so_id, a.line_no",
		  "t", batch_number);
	if (!st)
		goto fail;
	json_t *cur = NULL;
	double delivered = 0;

	while ((rc = db_step(st)) == DB_ROW) {
		const char *id = db_text(st, 0);

		if (!cur || strcmp(json_string_value(json_object_get(cur, "customer_id")), id)) {
			json_t *c = json_object_get(by_customer, id);

			cur = json_pack(
			    "{s:s, s:s, s:s, s:f, s:[], s:I}", "customer_id", id, "name",
			    db_text(st, 1), "type", db_text(st, 2), "qty", 0.0, "deliveries",
			    "complaints",
			    (json_int_t)(c ? json_integer_value(json_object_get(c, "complaints"))
					   : 0));
			json_array_append_new(customers, cur);
		}
		json_t *d =
		    json_pack("{s:s, s:i, s:s, s:f}", "so_id", db_text(st, 3), "line_no",
			      (int)db_int(st, 4), "item", db_text(st, 5), "qty", db_double(st, 6));

		json_object_set_new(d, "delivery_date", str_or_null(st, 7));
		json_array_append_new(json_object_get(cur, "deliveries"), d);
		json_object_set_new(
		    cur, "qty",
		    json_real(json_real_value(json_object_get(cur, "qty")) + db_double(st, 6)));
		delivered += db_double(st, 6);
	}
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(customers);
		goto fail;
	}
	json_t *complaints = json_array();
	const char *key;
	json_t *v;

	json_object_foreach(by_customer, key, v) json_array_append(complaints, v);
	json_object_set_new(out, "customers", customers);
	json_object_set_new(out, "delivered_qty", json_real(delivered));
	json_object_set_new(out, "tickets", tickets);
	json_object_set_new(out, "complaints_by_customer", complaints);
	json_object_set_new(out, "complaint_count",
			    json_integer((json_int_t)json_array_size(tickets)));
	json_decref(by_customer);
	return out;
fail:
	db_failed(e);
	json_decref(out);
	json_decref(tickets);
	json_decref(by_customer);
	return NULL;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The values of obj in the order of their keys ("2026-11" months sort by time), as an
 * array; takes obj's reference. */
static json_t *values_of(json_t *obj)
{
	json_t *arr = json_array(), *v;
	size_t n = json_object_size(obj), i = 0;
	const char **keys = calloc(n ? n : 1, sizeof(*keys));
	const char *k;

	if (!keys)
		abort();
	json_object_foreach(obj, k, v) keys[i++] = k;
	qsort(keys, n, sizeof(*keys), by_key);
	for (i = 0; i < n; i++)
		json_array_append(arr, json_object_get(obj, keys[i]));
	free(keys);
	json_decref(obj);
	return arr;
}

static json_t *month_row(json_t *months, int64_t t)
{
	char m[8];
	json_t *row;

	month_of(t, m);
	row = json_object_get(months, m);
	if (!row) {
		row = json_pack("{s:s, s:i, s:i, s:f, s:f}", "month", m, "complaints", 0, "flags",
				0, "affected_qty", 0.0, "cost", 0.0);
		json_object_set_new(months, m, row);
	}
	return row;
}

static void add_int(json_t *o, const char *k, json_int_t by)
{
	json_object_set_new(o, k, json_integer(json_integer_value(json_object_get(o, k)) + by));
}

static void add_real(json_t *o, const char *k, double by)
{
	json_object_set_new(o, k, json_real(json_real_value(json_object_get(o, k)) + by));
}

json_t *store_farm_json(struct db *db, const char *farm_id, struct error *e)
{
	struct db_stmt *st = db_q(db,
				  "SELECT farm_id, name, location, contact FROM farms WHERE "
				  "farm_id = $1",
				  "t", farm_id);
	json_t *out, *months, *flags, *totals;

	if (!st || db_step(st) != DB_ROW) {
		db_done(st);
		err_set(e, ERR_NOT_FOUND, "farm_id", "no farm '%s'", farm_id);
		return NULL;
	}
	out = json_pack("{s:s, s:s}", "farm_id", db_text(st, 0), "name", db_text(st, 1));
	json_object_set_new(out, "location", str_or_null(st, 2));
	json_object_set_new(out, "contact", str_or_null(st, 3));
	db_done(st);
	months = json_object();
	totals = json_pack("{s:i, s:i, s:f, s:f, s:i}", "complaints", 0, "flags", 0, "affected_qty",
			   0.0, "cost", 0.0, "batches", 0);
	st = db_q(db, "SELECT count(*) FROM batches WHERE farm_id = $1", "t", farm_id);
	if (st && db_step(st) == DB_ROW)
		json_object_set_new(totals, "batches", json_integer(db_int(st, 0)));
	db_done(st);
	st = db_q(db,
		  "SELECT t.created_at FROM tickets t JOIN batches b ON b.batch_number = "
		  "t.batch_number WHERE b.farm_id = $1 AND t.kind IN ('b2b', 'b2c')",
		  "t", farm_id);
	while (st && db_step(st) == DB_ROW) {
		add_int(month_row(months, db_int(st, 0)), "complaints", 1);
		add_int(totals, "complaints", 1);
	}
	db_done(st);
	flags = json_array();
	st = db_q(db,
		  "SELECT f.flag_id, f.ticket_id, t.number, f.reason, f.flagged_by, u.name, "
		  "f.flagged_at FROM farm_flags f JOIN users u ON u.user_id = f.flagged_by LEFT "
		  "JOIN tickets t ON t.ticket_id = f.ticket_id WHERE f.farm_id = $1 ORDER BY "
		  "f.flagged_at, f.flag_id",
		  "t", farm_id);
	while (st && db_step(st) == DB_ROW) {
		json_t *f = json_pack("{s:I, s:s, s:I, s:s, s:o}", "flag_id",
				      (json_int_t)db_int(st, 0), "reason", db_text(st, 3),
				      "flagged_by", (json_int_t)db_int(st, 4), "flagged_by_name",
				      db_text(st, 5), "flagged_at", instant_json(db_int(st, 6)));

		json_object_set_new(f, "ticket_id",
				    db_null(st, 1) ? json_null() : json_integer(db_int(st, 1)));
		json_object_set_new(f, "ticket_number", str_or_null(st, 2));
		json_array_append_new(flags, f);
		add_int(month_row(months, db_int(st, 6)), "flags", 1);
		add_int(totals, "flags", 1);
	}
	db_done(st);
	st = db_q(db, "SELECT recorded_at, qty, cost_paise FROM wastage_events WHERE farm_id = $1",
		  "t", farm_id);
	while (st && db_step(st) == DB_ROW) {
		json_t *row = month_row(months, db_int(st, 0));

		add_real(row, "affected_qty", db_double(st, 1));
		add_real(row, "cost", (double)db_int(st, 2) / 100.0);
		add_real(totals, "affected_qty", db_double(st, 1));
		add_real(totals, "cost", (double)db_int(st, 2) / 100.0);
	}
	db_done(st);
	json_t *by_month = values_of(months);

	json_object_set_new(out, "totals", totals);
	json_object_set_new(out, "by_month", by_month);
	json_object_set_new(out, "flags", flags);
	return out;
}

json_t *store_customer_history_json(struct db *db, const char *customer_id, int64_t now,
				    int threshold, int window_days, struct error *e)
{
	struct db_stmt *st;
	json_t *tickets = json_array(), *out;
	int64_t c30 = 0, c90 = 0, cwin = 0, total = 0;
	int rc;

	st = db_q(db,
		  "SELECT " TICKET_ROW_COLS " FROM tickets t WHERE t.customer_id = $1 ORDER BY "
		  "t.created_at DESC, t.ticket_id DESC",
		  "t", customer_id);
	if (!st) {
		json_decref(tickets);
		db_failed(e);
		return NULL;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t at = db_int(st, 8);
		bool complaint = strcmp(db_text(st, 5), "general") != 0;

		total++;
		if (complaint && at >= now - 30 * 86400)
			c30++;
		if (complaint && at >= now - 90 * 86400)
			c90++;
		if (complaint && at >= now - (int64_t)window_days * 86400)
			cwin++;
		if (json_array_size(tickets) < 100)
			json_array_append_new(tickets, ticket_row_json(st));
	}
	db_done(st);
	out =
	    json_pack("{s:o, s:I, s:I, s:I}", "tickets", tickets, "ticket_count", (json_int_t)total,
		      "complaints_30d", (json_int_t)c30, "complaints_90d", (json_int_t)c90);
	json_t *flags =
	    json_pack("{s:b, s:b, s:o, s:o, s:o}", "repeat_complainer", cwin >= threshold,
		      "high_standards", 0, "high_standards_note", json_null(), "high_standards_by",
		      json_null(), "high_standards_at", json_null());

	st = db_q(db,
		  "SELECT note, set_by, set_at FROM customer_flags WHERE customer_id = $1 AND flag "
		  "= 'high_standards'",
		  "t", customer_id);
	if (st && db_step(st) == DB_ROW) {
		json_object_set_new(flags, "high_standards", json_true());
		json_object_set_new(flags, "high_standards_note", str_or_null(st, 0));
		json_object_set_new(flags, "high_standards_by", json_integer(db_int(st, 1)));
		json_object_set_new(flags, "high_standards_at", instant_json(db_int(st, 2)));
	}
	db_done(st);
	json_object_set_new(flags, "repeat_complainer_threshold", json_integer(threshold));
	json_object_set_new(flags, "repeat_complainer_window_days", json_integer(window_days));
	json_object_set_new(out, "flags", flags);
	return rc == DB_DONE ? out : (json_decref(out), db_failed(e), NULL);
}

static void total_into(json_t *groups, const char *key, const char *label_key, const char *label,
		       double qty, int64_t cost)
{
	json_t *g = json_object_get(groups, key);

	if (!g) {
		g = json_pack("{s:s, s:f, s:f, s:i}", label_key, key, "qty", 0.0, "cost", 0.0,
			      "events", 0);
		if (label)
			json_object_set_new(g, "name", json_string(label));
		json_object_set_new(groups, key, g);
	}
	add_real(g, "qty", qty);
	add_real(g, "cost", (double)cost / 100.0);
	add_int(g, "events", 1);
}

json_t *store_wastage_json(struct db *db, int64_t from, int64_t to, struct error *e)
{
	struct db_stmt *st =
	    db_q(db,
		 "SELECT w.wastage_id, w.ticket_id, t.number, w.batch_number, w.farm_id, f.name, "
		 "w.product, w.qty, w.unit_cost_paise, w.cost_paise, w.reason, w.recorded_by, "
		 "w.recorded_at FROM wastage_events w JOIN tickets t ON t.ticket_id = w.ticket_id "
		 "LEFT JOIN farms f ON f.farm_id = w.farm_id WHERE w.recorded_at >= $1 AND "
		 "($2 = 0 OR w.recorded_at < $2) ORDER BY w.recorded_at DESC, w.wastage_id DESC",
		 "ii", from, to);
	json_t *items = json_array(), *farms = json_object(), *products = json_object(),
	       *months = json_object();
	double qty = 0;
	int64_t cost = 0;
	int rc = DB_ERROR;

	while (st && (rc = db_step(st)) == DB_ROW) {
		char m[8];
		double q = db_double(st, 7);
		int64_t c = db_int(st, 9);

		if (json_array_size(items) < 500) {
			json_t *o = json_pack(
			    "{s:I, s:I, s:s, s:s, s:f, s:o, s:o, s:s, s:I, s:o}", "wastage_id",
			    (json_int_t)db_int(st, 0), "ticket_id", (json_int_t)db_int(st, 1),
			    "ticket_number", db_text(st, 2), "product", db_text(st, 6), "qty", q,
			    "unit_cost", money_json(db_int(st, 8)), "cost", money_json(c), "reason",
			    db_text(st, 10), "recorded_by", (json_int_t)db_int(st, 11),
			    "recorded_at", instant_json(db_int(st, 12)));

			json_object_set_new(o, "batch_number", str_or_null(st, 3));
			json_object_set_new(o, "farm_id", str_or_null(st, 4));
			json_object_set_new(o, "farm_name", str_or_null(st, 5));
			json_array_append_new(items, o);
		}
		total_into(farms, db_null(st, 4) ? "(none)" : db_text(st, 4), "farm_id",
			   db_null(st, 5) ? NULL : db_text(st, 5), q, c);
		total_into(products, db_text(st, 6), "product", NULL, q, c);
		month_of(db_int(st, 12), m);
		total_into(months, m, "month", NULL, q, c);
		qty += q;
		cost += c;
	}
	db_done(st);
	if (rc != DB_DONE) {
		json_decref(items);
		json_decref(farms);
		json_decref(products);
		json_decref(months);
		db_failed(e);
		return NULL;
	}
	return json_pack("{s:o, s:{s:f, s:o, s:o, s:o, s:o}}", "items", items, "totals", "qty", qty,
			 "cost", money_json(cost), "by_farm", values_of(farms), "by_product",
			 values_of(products), "by_month", values_of(months));
}
