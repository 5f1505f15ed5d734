/* The ERP's records: import (PUT, admins) and a sales order with its context (also part of a
 * B2B ticket's reply), written from the service's view. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../service/order.h"
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

/* The order, its customer and invoices, written into w as one object (streamed: a B2B
 * ticket's reply carries it, and building it with jansson was a tenth of that reply). */
static void order_write(struct jw *w, const struct order_context *oc)
{
	const struct order *o = &oc->order;

	jw_object(w);
	jw_kstr(w, "so_id", o->so_id);
	jw_kstr(w, "customer_id", o->customer_id);
	jw_kstr(w, "order_date", o->order_date);
	jw_key(w, "lines");
	jw_array(w);
	for (int i = 0; i < o->nlines; i++) {
		const struct order_line *l = &o->lines[i];

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
		jw_key(w, "allocations");
		jw_array(w);
		for (int j = 0; j < oc->nallocations; j++) {
			const struct batch_allocation *al = &oc->allocations[j];

			if (al->line_no != l->line_no)
				continue;
			jw_object(w);
			jw_kstr(w, "batch_number", al->batch_number);
			jw_kreal(w, "qty", al->qty);
			jw_kstr(w, "product", al->product);
			jw_kstr(w, "farm_id", al->farm_id);
			jw_kstr(w, "farm_name", al->farm_name);
			jw_end_object(w);
		}
		jw_end_array(w);
		jw_end_object(w);
	}
	jw_end_array(w);
	jw_kstr(w, "delivery_date", o->delivery_date);
	jw_end_object(w);
}

void order_context_jw(struct jw *w, const struct order_context *oc)
{
	jw_object(w);
	jw_key(w, "order");
	order_write(w, oc);
	if (oc->has_customer) {
		jw_key(w, "customer");
		jw_object(w);
		jw_kstr(w, "customer_id", oc->customer.customer_id);
		jw_kstr(w, "name", oc->customer.name);
		jw_kstr(w, "type", oc->customer.type);
		jw_kstr(w, "phone", oc->customer.phone);
		jw_kstr(w, "email", oc->customer.email);
		jw_end_object(w);
	}
	jw_key(w, "invoices");
	jw_array(w);
	for (int i = 0; i < oc->ninvoices; i++) {
		const struct invoice *inv = &oc->invoices[i];

		jw_object(w);
		jw_kstr(w, "invoice_id", inv->invoice_id);
		jw_kstr(w, "number", inv->number);
		jw_kstr(w, "date", inv->date);
		jw_kreal(w, "total", (double)inv->total_paise / 100.0);
		jw_kstr(w, "currency", "INR");
		jw_kstr(w, "so_id", inv->so_id);
		jw_end_object(w);
	}
	jw_end_array(w);
	jw_end_object(w);
}

void api_order(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct order_context oc;
	struct strbuf sb;
	struct jw w;

	if (svc_order_context(&c, api_param(r, 0), &oc)) {
		err_set(&r->err, ERR_NOT_FOUND, "so_id", "no sales order '%s'", api_param(r, 0));
		reply_error(r);
		return;
	}
	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	order_context_jw(&w, &oc);
	reply_text_json(r, 200, &sb);
}
