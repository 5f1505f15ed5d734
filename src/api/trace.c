/* Traceability endpoints: farms and batches (import and reads), the batch investigation,
 * farm flags and figures, customer flags, root causes, wastage and the complaint settings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/clock.h"
#include "../base/timefmt.h"
#include "../service/trace.h"
#include "../http/mediatype.h"
#include "../base/banned.h"

#define IMPORT_MAX_ROWS 10000

static enum err_code number(struct request *r, json_t *o, const char *key, double *out,
			    bool *present)
{
	json_t *v = json_object_get(o, key);

	*present = false;
	*out = 0;
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		return err_set(&r->err, ERR_BAD_REQUEST, key, "'%s' must be a number", key);
	*out = json_number_value(v);
	*present = true;
	return ERR_OK;
}

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
	    number(r, o, "received_qty", &b->received_qty, &present) ||
	    number(r, o, "damaged_qty", &b->damaged_qty, &present) ||
	    number(r, o, "rejected_qty", &b->rejected_qty, &present))
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

static void reply_report(struct request *r, enum err_code rc, json_t *o)
{
	if (!api_failed(r, rc))
		reply_json(r, 200, o);
}

void api_batch(struct request *r)
{
	struct ctx c = api_ctx(r);
	json_t *b = store_batch_json(svc_db(&c), api_param(r, 0));

	if (!b) {
		err_set(&r->err, ERR_NOT_FOUND, "batch_number", "no batch '%s'", api_param(r, 0));
		reply_error(r);
		return;
	}
	reply_json(r, 200, b);
}

void api_batch_investigation(struct request *r)
{
	struct ctx c = api_ctx(r);
	json_t *o = NULL;
	enum err_code rc = svc_investigation(&c, api_param(r, 0), &o);

	reply_report(r, rc, o);
}

void api_farm(struct request *r)
{
	struct ctx c = api_ctx(r);
	json_t *o = NULL;
	enum err_code rc = svc_farm(&c, api_param(r, 0), &o);

	reply_report(r, rc, o);
}

void api_farm_flag(struct request *r)
{
	static const char *const keys[] = {"ticket", "reason", NULL};
	struct ctx c = api_ctx(r);
	const char *ticket, *reason;
	json_t *body, *farm = NULL;
	int64_t id;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "ticket", &ticket)) ||
	    api_failed(r, json_str_req(r, body, "reason", &reason)) ||
	    api_failed(r, svc_farm_flag(&c, api_param(r, 0), ticket, reason, &id)) ||
	    api_failed(r, svc_farm(&c, api_param(r, 0), &farm)))
		return;
	json_object_set_new(farm, "flag_id", json_integer(id));
	reply_json(r, 201, farm);
}

void api_customer_flags(struct request *r)
{
	static const char *const keys[] = {"high_standards", "note", NULL};
	struct ctx c = api_ctx(r);
	const char *note;
	json_t *body, *hs, *o = NULL;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str(r, body, "note", &note)))
		return;
	hs = json_object_get(body, "high_standards");
	if (!json_is_boolean(hs)) {
		err_set(&r->err, ERR_INVALID, "high_standards",
			"'high_standards' is true or false");
		reply_error(r);
		return;
	}
	if (api_failed(r, svc_customer_flag(&c, api_param(r, 0), json_is_true(hs), note)) ||
	    api_failed(r, svc_customer_history(&c, api_param(r, 0), &o)))
		return;
	reply_json(r, 200, json_pack("{s:o}", "flags", json_incref(json_object_get(o, "flags"))));
	json_decref(o);
}

static enum err_code time_param(struct request *r, const char *name, int64_t *out, bool end)
{
	const char *v = req_query(r, name);
	int y, m, d;

	*out = 0;
	if (!v || !*v || instant_parse(v, out))
		return ERR_OK;
	if (date_parse(v, &y, &m, &d)) {
		*out = local_day_start(days_from_civil(y, m, d) + (end ? 1 : 0));
		return ERR_OK;
	}
	return err_set(&r->err, ERR_BAD_REQUEST, name, "'%s' must be a date or an ISO 8601 instant",
		       name);
}

void api_wastage(struct request *r)
{
	static const char *const keys[] = {"from", "to", NULL};
	struct ctx c = api_ctx(r);
	int64_t from, to;
	json_t *o = NULL;

	if (api_failed(r, api_query_only(r, keys)) ||
	    api_failed(r, time_param(r, "from", &from, false)) ||
	    api_failed(r, time_param(r, "to", &to, true)))
		return;
	enum err_code rc = svc_wastage(&c, from, to, &o);

	reply_report(r, rc, o);
}

void api_ticket_root_cause(struct request *r)
{
	static const char *const keys[] = {"root_cause", "note", "affected_qty", "unit_cost", NULL};
	struct ctx c = api_ctx(r);
	struct root_cause_in in = {0};
	struct ticket t;
	json_t *body;
	double cost;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "root_cause", &in.root_cause)) ||
	    api_failed(r, json_str(r, body, "note", &in.note)) ||
	    api_failed(r, number(r, body, "affected_qty", &in.affected_qty, &in.has_qty)) ||
	    api_failed(r, number(r, body, "unit_cost", &cost, &in.has_unit_cost)))
		return;
	in.unit_cost_paise = llround(cost * 100.0);
	if (api_failed(r,
		       svc_ticket_root_cause(&c, (enum kind)((const struct route *)r->route)->arg,
					     api_param(r, 0), &in, &t)))
		return;
	api_reply_ticket(r, 200, &t);
}

void api_settings_complaints(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct complaint_settings s;

	if (api_failed(r, svc_complaint_settings(&c, &s)))
		return;
	reply_json(r, 200,
		   json_pack("{s:i, s:i}", "repeat_complainer_threshold", s.repeat_threshold,
			     "repeat_complainer_window_days", s.repeat_window_days));
}

void api_settings_complaints_put(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct complaint_settings s;
	json_t *body;

	if (api_failed(r, json_body(r, &body)) ||
	    api_failed(r, svc_complaint_settings_put(&c, body, &s)))
		return;
	reply_json(r, 200,
		   json_pack("{s:i, s:i}", "repeat_complainer_threshold", s.repeat_threshold,
			     "repeat_complainer_window_days", s.repeat_window_days));
}

void ticket_evidence_write(struct request *r, const struct ticket *t, struct jw *w)
{
	struct ctx c = api_ctx(r);
	struct db *db = svc_db(&c);
	const char *cause, *note;

	if (t->kind == KIND_INTERNAL || !db)
		return;
	store_root_cause_get(db, &r->arena, t->id, &cause, &note);
	jw_kstr(w, "root_cause", cause);
	jw_kstr(w, "root_cause_note", note);
	json_t *b = t->v[TF_BATCH_NUMBER] ? store_batch_json(db, t->v[TF_BATCH_NUMBER]) : NULL;

	jw_kjson(w, "batch", b);
	json_decref(b);
	jw_kint(w, "photo_count", store_photo_count(db, t->id));
}

json_t *order_allocations(struct request *r, const char *so_id)
{
	struct ctx c = api_ctx(r);

	return store_order_allocations_json(svc_db(&c), so_id);
}

void api_customer_history(struct request *r, json_t *customer)
{
	struct ctx c = api_ctx(r);
	json_t *h = NULL;

	if (!svc_customer_history(&c, api_param(r, 0), &h))
		json_object_update_new(customer, h);
}
