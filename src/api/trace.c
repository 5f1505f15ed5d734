/* Traceability endpoints: farms and batches (import and reads), the batch investigation,
 * farm flags and figures, and the evidence a customer ticket's reply carries.  Replies are
 * written from the views the service assembled. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/timefmt.h"
#include "../service/trace.h"
#include "../http/mediatype.h"
#include "../base/banned.h"

#define IMPORT_MAX_ROWS 10000

static enum err_code parse_farm(struct request *r, json_t *o, struct farm *f)
{
	static const char *const keys[] = {"farm_id", "name", "location", "contact", NULL};

	if (json_only(r, o, keys) || json_str(r, o, "farm_id", &f->farm_id) ||
	    json_str(r, o, "name", &f->name) || json_str(r, o, "location", &f->location) ||
	    json_str(r, o, "contact", &f->contact))
		return r->err.code;
	return ERR_OK;
}

static enum err_code parse_batch(struct request *r, json_t *o, struct batch *b)
{
	static const char *const keys[] = {
	    "batch_number", "product",	    "farm_id", "received_at", "received_qty",
	    "damaged_qty",  "rejected_qty", "unit",    "grading",     NULL};
	const char *at = NULL, *key;
	json_t *grading, *v;
	bool present;
	int y, m, d;

	if (json_only(r, o, keys) || json_str(r, o, "batch_number", &b->batch_number) ||
	    json_str(r, o, "product", &b->product) || json_str(r, o, "farm_id", &b->farm_id) ||
	    json_str(r, o, "received_at", &at) || json_str(r, o, "unit", &b->unit) ||
	    json_number(r, o, "received_qty", &b->received_qty, &present) ||
	    json_number(r, o, "damaged_qty", &b->damaged_qty, &present) ||
	    json_number(r, o, "rejected_qty", &b->rejected_qty, &present))
		return r->err.code;
	if (at && !instant_parse(at, &b->received_at)) {
		if (!date_parse(at, &y, &m, &d))
			return err_set(&r->err, ERR_INVALID, "received_at",
				       "received_at is a date or an ISO 8601 instant");
		b->received_at = local_day_start(days_from_civil(y, m, d));
	}
	grading = json_object_get(o, "grading");
	if (!grading || json_is_null(grading))
		return ERR_OK;
	if (!json_is_object(grading))
		return err_set(&r->err, ERR_BAD_REQUEST, "grading",
			       "'grading' maps each grade to a quantity");
	b->grades = arena_zalloc(&r->arena, sizeof(*b->grades) * (json_object_size(grading) + 1));
	json_object_foreach(grading, key, v)
	{
		if (!json_is_number(v))
			return err_set(&r->err, ERR_BAD_REQUEST, "grading",
				       "grade '%s' needs a number", key);
		b->grades[b->ngrades++] = (struct grade){key, json_number_value(v)};
	}
	return ERR_OK;
}

void api_records_put_trace(struct request *r)
{
	struct ctx c = api_ctx(r);
	bool batches = ((const struct route *)r->route)->arg == 1;
	const char *ct = req_header(r, "Content-Type");
	json_error_t jerr;
	json_t *arr;
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
	arena_defer(&r->arena, (void (*)(void *))json_decref, arr);
	size_t n = json_array_size(arr);

	if (!json_is_array(arr) || n > IMPORT_MAX_ROWS) {
		err_set(&r->err, ERR_BAD_REQUEST, NULL,
			"the body must be a JSON array of at most %d records", IMPORT_MAX_ROWS);
		reply_error(r);
		return;
	}
	void *rows = arena_zalloc(&r->arena,
				  (n + 1) * (batches ? sizeof(struct batch) : sizeof(struct farm)));

	for (size_t i = 0; i < n && !rc; i++) {
		json_t *o = json_array_get(arr, i);

		if (!json_is_object(o))
			rc = err_set(&r->err, ERR_BAD_REQUEST, NULL, "row %zu is not an object",
				     i + 1);
		else if (batches)
			rc = parse_batch(r, o, (struct batch *)rows + i);
		else
			rc = parse_farm(r, o, (struct farm *)rows + i);
		if (rc) {
			const char *f = r->err.field ? r->err.field : "";

			r->err.field = arena_printf(&r->arena, "[%zu]%s%s", i, *f ? "." : "", f);
		}
	}
	if (!rc)
		rc = batches ? svc_import_batches(&c, rows, (int)n)
			     : svc_import_farms(&c, rows, (int)n);
	if (!api_failed(r, rc))
		reply_json(r, 200, json_pack("{s:I}", "upserted", (json_int_t)n));
}

static json_t *batch_json(const struct batch *b)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "batch_number", b->batch_number, "product",
			      b->product, "farm_id", b->farm_id, "farm_name", b->farm_name);
	json_t *grading = json_object();

	json_set_instant(o, "received_at", b->received_at);
	json_object_set_new(o, "received_qty", json_real(b->received_qty));
	json_object_set_new(o, "damaged_qty", json_real(b->damaged_qty));
	json_object_set_new(o, "rejected_qty", json_real(b->rejected_qty));
	json_set_str(o, "unit", b->unit);
	for (int i = 0; i < b->ngrades; i++)
		json_object_set_new(grading, b->grades[i].grade, json_real(b->grades[i].qty));
	json_object_set_new(o, "grading", grading);
	return o;
}

static json_t *farm_json(const struct farm *f)
{
	json_t *o = json_pack("{s:s, s:s}", "farm_id", f->farm_id, "name", f->name);

	json_set_str(o, "location", f->location);
	json_set_str(o, "contact", f->contact);
	return o;
}

json_t *complaint_json(const struct complaint *t)
{
	json_t *o =
	    json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "ticket_id", (json_int_t)t->ticket_id,
		      "number", t->number, "kind", t->kind, "status", t->status, "category",
		      t->category, "category_group", t->category_group);

	json_set_str(o, "customer_id", t->customer_id);
	json_set_str(o, "customer_name", t->customer_name);
	json_set_instant(o, "created_at", t->created_at);
	json_set_str(o, "root_cause", t->root_cause);
	return o;
}

static json_t *investigation_json(const struct investigation *inv)
{
	json_t *o = json_pack("{s:o}", "batch", batch_json(&inv->batch));
	json_t *customers = json_array(), *tickets = json_array(), *complainants = json_array();

	if (inv->has_farm)
		json_object_set_new(o, "farm", farm_json(&inv->farm));
	for (int i = 0; i < inv->ncustomers; i++) {
		const struct investigation_customer *cu = &inv->customers[i];
		json_t *deliveries = json_array();

		for (int j = 0; j < cu->ndeliveries; j++) {
			const struct batch_delivery *d = &cu->deliveries[j];
			json_t *dj = json_pack("{s:s, s:i, s:s, s:f}", "so_id", d->so_id, "line_no",
					       d->line_no, "item", d->item, "qty", d->qty);

			json_set_str(dj, "delivery_date", d->delivery_date);
			json_array_append_new(deliveries, dj);
		}
		json_array_append_new(customers,
				      json_pack("{s:s, s:s, s:s, s:f, s:o, s:I}", "customer_id",
						cu->customer_id, "name", cu->name, "type", cu->type,
						"qty", cu->qty, "deliveries", deliveries,
						"complaints", (json_int_t)cu->complaints));
	}
	for (int i = 0; i < inv->ntickets; i++)
		json_array_append_new(tickets, complaint_json(&inv->tickets[i]));
	for (int i = 0; i < inv->ncomplainants; i++) {
		const struct complainant *p = &inv->complainants[i];
		json_t *pj = json_object();

		json_set_str(pj, "customer_id", p->customer_id);
		json_set_str(pj, "customer_name", p->customer_name);
		json_object_set_new(pj, "complaints", json_integer(p->complaints));
		json_array_append_new(complainants, pj);
	}
	json_object_set_new(o, "customers", customers);
	json_object_set_new(o, "delivered_qty", json_real(inv->delivered_qty));
	json_object_set_new(o, "tickets", tickets);
	json_object_set_new(o, "complaints_by_customer", complainants);
	json_object_set_new(o, "complaint_count", json_integer(inv->ntickets));
	return o;
}

static json_t *figures_json(const struct farm_figures *ff)
{
	json_t *o = farm_json(&ff->farm), *months = json_array(), *flags = json_array();

	for (int i = 0; i < ff->by_month.n; i++) {
		const struct tally_row *m = &ff->by_month.rows[i];

		json_array_append_new(
		    months, json_pack("{s:s, s:I, s:I, s:f, s:f}", "month", m->key, "complaints",
				      (json_int_t)m->complaints, "flags", (json_int_t)m->flags,
				      "affected_qty", m->qty, "cost", m->cost));
	}
	for (int i = 0; i < ff->nflags; i++) {
		const struct farm_flag *f = &ff->flags[i];
		json_t *fj = json_pack("{s:I, s:s, s:I, s:s}", "flag_id", (json_int_t)f->id,
				       "reason", f->reason, "flagged_by", (json_int_t)f->flagged_by,
				       "flagged_by_name", f->flagged_by_name);

		json_set_instant(fj, "flagged_at", f->flagged_at);
		json_object_set_new(fj, "ticket_id",
				    f->ticket_id ? json_integer(f->ticket_id) : json_null());
		json_set_str(fj, "ticket_number", f->ticket_number);
		json_array_append_new(flags, fj);
	}
	json_object_set_new(o, "totals",
			    json_pack("{s:I, s:I, s:f, s:f, s:I}", "complaints",
				      (json_int_t)ff->totals.complaints, "flags",
				      (json_int_t)ff->totals.flags, "affected_qty", ff->totals.qty,
				      "cost", ff->totals.cost, "batches", (json_int_t)ff->batches));
	json_object_set_new(o, "by_month", months);
	json_object_set_new(o, "flags", flags);
	return o;
}

void api_batch(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct batch b;

	if (!api_failed(r, svc_batch(&c, api_param(r, 0), &b)))
		reply_json(r, 200, batch_json(&b));
}

void api_batch_investigation(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct investigation inv;

	if (!api_failed(r, svc_investigation(&c, api_param(r, 0), &inv)))
		reply_json(r, 200, investigation_json(&inv));
}

void api_farm(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct farm_figures ff;

	if (!api_failed(r, svc_farm(&c, api_param(r, 0), &ff)))
		api_reply_report(r, figures_json(&ff), "farm.csv");
}

void api_farm_flag(struct request *r)
{
	static const char *const keys[] = {"ticket", "reason", NULL};
	struct ctx c = api_ctx(r);
	struct farm_figures ff;
	const char *ticket, *reason;
	json_t *body, *farm;
	int64_t id;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "ticket", &ticket)) ||
	    api_failed(r, json_str_req(r, body, "reason", &reason)) ||
	    api_failed(r, svc_farm_flag(&c, api_param(r, 0), ticket, reason, &id)) ||
	    api_failed(r, svc_farm(&c, api_param(r, 0), &ff)))
		return;
	farm = figures_json(&ff);
	json_object_set_new(farm, "flag_id", json_integer(id));
	reply_json(r, 201, farm);
}

void ticket_evidence_jw(struct jw *w, const struct ticket_evidence *ev)
{
	json_t *b = ev->has_batch ? batch_json(&ev->batch) : NULL;

	jw_kstr(w, "root_cause", ev->root_cause);
	jw_kstr(w, "root_cause_note", ev->root_cause_note);
	jw_kjson(w, "batch", b);
	json_decref(b);
	jw_kint(w, "photo_count", ev->photo_count);
}
