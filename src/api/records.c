/* The ERP's records: import (PUT, admins) and reads for pickers and ticket context. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../http/mediatype.h"
#include "../base/banned.h"

#define IMPORT_MAX_ROWS 10000

/* Field errors inside an array name the row: "[3].name". */
static enum err_code row_fail(struct request *r, size_t i)
{
	const char *f = r->err.field ? r->err.field : "";

	r->err.field = arena_printf(&r->arena, "[%zu]%s%s", i, *f ? "." : "", f);
	return r->err.code;
}

static enum err_code money(struct request *r, json_t *obj, const char *key, int64_t *paise,
			   bool required)
{
	json_t *v = json_object_get(obj, key);

	*paise = 0;
	if (!v || json_is_null(v))
		return required ? err_set(&r->err, ERR_INVALID, key, "'%s' is required", key)
				: ERR_OK;
	if (!json_is_number(v))
		return err_set(&r->err, ERR_BAD_REQUEST, key, "'%s' must be a number (rupees)",
			       key);
	double x = json_number_value(v);

	if (!isfinite(x) || fabs(x) > 1e12)
		return err_set(&r->err, ERR_INVALID, key, "'%s' is out of range", key);
	*paise = llround(x * 100.0);
	return ERR_OK;
}

static enum err_code qty(struct request *r, json_t *obj, const char *key, double *out,
			 bool *present)
{
	json_t *v = json_object_get(obj, key);

	*present = false;
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_number(v))
		return err_set(&r->err, ERR_BAD_REQUEST, key, "'%s' must be a number", key);
	*out = json_number_value(v);
	*present = true;
	return ERR_OK;
}

static enum err_code parse_customer(struct request *r, json_t *o, struct customer *c)
{
	static const char *const keys[] = {"customer_id", "name", "type", "phone", "email", NULL};

	if (json_only(r, o, keys) || json_str(r, o, "customer_id", &c->customer_id) ||
	    json_str(r, o, "name", &c->name) || json_str(r, o, "type", &c->type) ||
	    json_str(r, o, "phone", &c->phone) || json_str(r, o, "email", &c->email))
		return r->err.code;
	return ERR_OK;
}

/* [{"batch_number", "qty"}] into the line's allocations. */
static enum err_code parse_allocations(struct request *r, json_t *arr, struct order_line *l)
{
	size_t i;
	json_t *o;

	if (!arr || json_is_null(arr))
		return ERR_OK;
	if (!json_is_array(arr))
		return err_set(&r->err, ERR_BAD_REQUEST, "allocations",
			       "'allocations' is an array of {batch_number, qty}");
	l->allocations =
	    arena_zalloc(&r->arena, sizeof(*l->allocations) * (json_array_size(arr) + 1));
	json_array_foreach(arr, i, o)
	{
		struct allocation *al = &l->allocations[i];
		json_t *b = json_object_get(o, "batch_number"), *q = json_object_get(o, "qty");

		if (!json_is_object(o) || json_object_size(o) != 2 || !json_is_string(b) ||
		    !json_is_number(q))
			return err_set(&r->err, ERR_BAD_REQUEST,
				       arena_printf(&r->arena, "allocations[%zu]", i),
				       "allocation %zu must be {\"batch_number\": text, \"qty\": "
				       "number}",
				       i + 1);
		al->batch_number = json_string_value(b);
		al->qty = json_number_value(q);
		if (!*al->batch_number || !(al->qty > 0))
			return err_set(
			    &r->err, ERR_INVALID, arena_printf(&r->arena, "allocations[%zu]", i),
			    "allocation %zu needs a batch_number and a qty above 0", i + 1);
	}
	l->nallocations = (int)json_array_size(arr);
	return ERR_OK;
}

static enum err_code parse_line(struct request *r, json_t *o, int i, struct order_line *l)
{
	static const char *const keys[] = {"line_no",	    "item",  "unit",	    "ordered_qty",
					   "delivered_qty", "price", "allocations", NULL};
	bool present;
	int64_t n;

	if (!json_is_object(o))
		return err_set(&r->err, ERR_BAD_REQUEST, NULL, "each line must be an object");
	if (json_only(r, o, keys) || json_int(r, o, "line_no", &n, &present) ||
	    json_str(r, o, "item", &l->item) || json_str(r, o, "unit", &l->unit))
		return r->err.code;
	l->line_no = present ? (int)n : i + 1;
	if (qty(r, o, "ordered_qty", &l->ordered_qty, &present))
		return r->err.code;
	if (!present)
		return err_set(&r->err, ERR_INVALID, "ordered_qty", "'ordered_qty' is required");
	if (qty(r, o, "delivered_qty", &l->delivered_qty, &l->has_delivered) ||
	    money(r, o, "price", &l->price_paise, true) ||
	    parse_allocations(r, json_object_get(o, "allocations"), l))
		return r->err.code;
	return ERR_OK;
}

static enum err_code parse_order(struct request *r, json_t *o, struct order *ord)
{
	static const char *const keys[] = {"so_id",	    "customer_id", "order_date",
					   "delivery_date", "lines",	   NULL};
	json_t *lines;

	if (json_only(r, o, keys) || json_str(r, o, "so_id", &ord->so_id) ||
	    json_str(r, o, "customer_id", &ord->customer_id) ||
	    json_str(r, o, "order_date", &ord->order_date) ||
	    json_str(r, o, "delivery_date", &ord->delivery_date))
		return r->err.code;
	lines = json_object_get(o, "lines");
	if (!lines || json_is_null(lines))
		return ERR_OK;
	if (!json_is_array(lines))
		return err_set(&r->err, ERR_BAD_REQUEST, "lines", "'lines' must be an array");
	ord->nlines = (int)json_array_size(lines);
	ord->lines = arena_zalloc(&r->arena, sizeof(*ord->lines) * (ord->nlines + 1u));
	for (int i = 0; i < ord->nlines; i++)
		if (parse_line(r, json_array_get(lines, (size_t)i), i, &ord->lines[i])) {
			const char *f = r->err.field ? r->err.field : "";

			r->err.field =
			    arena_printf(&r->arena, "lines[%d]%s%s", i, *f ? "." : "", f);
			return r->err.code;
		}
	return ERR_OK;
}

static enum err_code parse_invoice(struct request *r, json_t *o, struct invoice *inv)
{
	static const char *const keys[] = {"invoice_id", "so_id", "number", "date", "total", NULL};

	if (json_only(r, o, keys) || json_str(r, o, "invoice_id", &inv->invoice_id) ||
	    json_str(r, o, "so_id", &inv->so_id) || json_str(r, o, "number", &inv->number) ||
	    json_str(r, o, "date", &inv->date) || money(r, o, "total", &inv->total_paise, true))
		return r->err.code;
	return ERR_OK;
}

void api_records_put(struct request *r)
{
	struct ctx c = api_ctx(r);
	const char *ct = req_header(r, "Content-Type");
	json_error_t jerr;
	json_t *arr;
	int which = ((const struct route *)r->route)->arg;
	enum err_code rc = ERR_OK;

	if (!mediatype_is(ct, "application/json")) {
		err_set(&r->err, ERR_UNSUPPORTED, NULL,
			"send a JSON array with Content-Type: application/json");
		reply_error(r);
		return;
	}
	arr = json_loadb(r->body_data, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!arr) {
		err_set(&r->err, ERR_BAD_REQUEST, NULL, "bad JSON at line %d column %d: %s",
			jerr.line, jerr.column, jerr.text);
		reply_error(r);
		return;
	}
	size_t n = json_array_size(arr);

	if (!json_is_array(arr) || n > IMPORT_MAX_ROWS) {
		json_decref(arr);
		err_set(&r->err, ERR_BAD_REQUEST, NULL,
			"the body must be a JSON array of at most %d records", IMPORT_MAX_ROWS);
		reply_error(r);
		return;
	}
	void *rows = arena_zalloc(&r->arena, (n + 1) * (which == 0   ? sizeof(struct customer)
							: which == 1 ? sizeof(struct order)
								     : sizeof(struct invoice)));

	for (size_t i = 0; i < n && !rc; i++) {
		json_t *o = json_array_get(arr, i);

		if (!json_is_object(o))
			rc = err_set(&r->err, ERR_BAD_REQUEST, NULL, "row %zu is not an object",
				     i + 1);
		else if (which == 0)
			rc = parse_customer(r, o, (struct customer *)rows + i);
		else if (which == 1)
			rc = parse_order(r, o, (struct order *)rows + i);
		else
			rc = parse_invoice(r, o, (struct invoice *)rows + i);
		if (rc)
			row_fail(r, i);
	}
	if (!rc)
		rc = which == 0	  ? svc_import_customers(&c, rows, (int)n)
		     : which == 1 ? svc_import_orders(&c, rows, (int)n)
				  : svc_import_invoices(&c, rows, (int)n);
	/* The rows point into arr's strings: keep it until the reply is built. */
	if (!api_failed(r, rc))
		reply_json(r, 200, json_pack("{s:I}", "upserted", (json_int_t)n));
	json_decref(arr);
}

static json_t *customer_json(const struct customer *c)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "customer_id", c->customer_id, "name", c->name,
			      "type", c->type);

	json_set_str(o, "phone", c->phone);
	json_set_str(o, "email", c->email);
	return o;
}

void api_customers(struct request *r)
{
	static const char *const keys[] = {"q", "limit", NULL};
	struct ctx c = api_ctx(r);
	struct customer found[50];
	int n, limit = 20;
	const char *q = req_query(r, "q");
	const char *l = req_query(r, "limit");

	if (api_failed(r, api_query_only(r, keys)))
		return;
	if (l && *l) {
		char *end;
		long v = strtol(l, &end, 10);

		if (*end || v < 1 || v > 50) {
			err_set(&r->err, ERR_BAD_REQUEST, "limit",
				"limit is a number from 1 to 50");
			reply_error(r);
			return;
		}
		limit = (int)v;
	}
	if (api_failed(r,
		       store_customer_search(svc_db(&c), &r->arena, q, limit, found, &n, &r->err)))
		return;
	json_t *items = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(items, customer_json(&found[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void api_customer(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct customer cu;

	if (api_failed(r, store_customer_get(svc_db(&c), &r->arena, api_param(r, 0), &cu, &r->err)))
		return;
	json_t *o = customer_json(&cu);

	api_customer_history(r, o);
	reply_json(r, 200, o);
}

/* The order, its customer and invoices, written into w as one object (streamed: a B2B
 * ticket's reply carries it, and building it with jansson was a tenth of that reply). */
static void order_write(struct jw *w, const struct order *o, json_t *alloc)
{
	jw_object(w);
	jw_kstr(w, "so_id", o->so_id);
	jw_kstr(w, "customer_id", o->customer_id);
	jw_kstr(w, "order_date", o->order_date);
	jw_key(w, "lines");
	jw_array(w);
	for (int i = 0; i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];
		char key[24];

		jw_object(w);
		jw_kint(w, "line_no", l->line_no);
		jw_kstr(w, "item", l->item);
		jw_kstr(w, "unit", l->unit);
		jw_kreal(w, "ordered_qty", l->ordered_qty);
		jw_kreal(w, "price", (double)l->price_paise / 100.0);
		jw_key(w, "delivered_qty");
		if (l->has_delivered)
			jw_real(w, l->delivered_qty);
		else
			jw_null(w);
		/* Which batches the line came from. */
		snprintf(key, sizeof(key), "%d", l->line_no);
		json_t *a = json_object_get(alloc, key);

		if (a) {
			jw_kjson(w, "allocations", a);
		} else {
			jw_key(w, "allocations");
			jw_array(w);
			jw_end_array(w);
		}
		jw_end_object(w);
	}
	jw_end_array(w);
	jw_kstr(w, "delivery_date", o->delivery_date);
	jw_end_object(w);
}

bool order_context_write(struct request *r, struct jw *w, const char *so_id)
{
	struct ctx c = api_ctx(r);
	struct db *db = svc_db(&c);
	struct order o;
	struct customer cu;
	struct invoice inv[20];
	struct error ignored;
	int n = 0;

	if (store_order_get(db, &r->arena, so_id, &o, &ignored))
		return false;
	json_t *alloc = order_allocations(r, so_id);

	jw_object(w);
	jw_key(w, "order");
	order_write(w, &o, alloc);
	json_decref(alloc);
	if (!store_customer_get(db, &r->arena, o.customer_id, &cu, &ignored)) {
		jw_key(w, "customer");
		jw_object(w);
		jw_kstr(w, "customer_id", cu.customer_id);
		jw_kstr(w, "name", cu.name);
		jw_kstr(w, "type", cu.type);
		jw_kstr(w, "phone", cu.phone);
		jw_kstr(w, "email", cu.email);
		jw_end_object(w);
	}
	jw_key(w, "invoices");
	jw_array(w);
	if (!store_invoices_of_order(db, &r->arena, so_id, inv, 20, &n, &ignored))
		for (int i = 0; i < n; i++) {
			jw_object(w);
			jw_kstr(w, "invoice_id", inv[i].invoice_id);
			jw_kstr(w, "number", inv[i].number);
			jw_kstr(w, "date", inv[i].date);
			jw_kreal(w, "total", (double)inv[i].total_paise / 100.0);
			jw_kstr(w, "currency", "INR");
			jw_kstr(w, "so_id", inv[i].so_id);
			jw_end_object(w);
		}
	jw_end_array(w);
	jw_end_object(w);
	return true;
}

void api_order(struct request *r)
{
	struct strbuf sb;
	struct jw w;

	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	if (!order_context_write(r, &w, api_param(r, 0))) {
		strbuf_release(&sb);
		err_set(&r->err, ERR_NOT_FOUND, "so_id", "no sales order '%s'", api_param(r, 0));
		reply_error(r);
		return;
	}
	reply_text_json(r, 200, &sb);
}
