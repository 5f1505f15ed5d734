/* Root causes on quality tickets and the wastage report, written from the service's view. */
#include <math.h>
#include <string.h>

#include "api.h"
#include "../base/timefmt.h"
#include "../service/wastage.h"
#include "../base/banned.h"

static json_t *money_json(int64_t paise)
{
	return json_real((double)paise / 100.0);
}

static json_t *wastage_json(const struct wastage *w)
{
	json_t *o =
	    json_pack("{s:I, s:I, s:s, s:s, s:f, s:o, s:o, s:s, s:I}", "wastage_id",
		      (json_int_t)w->id, "ticket_id", (json_int_t)w->ticket_id, "ticket_number",
		      w->ticket_number, "product", w->product, "qty", w->qty, "unit_cost",
		      money_json(w->unit_cost_paise), "cost", money_json(w->cost_paise), "reason",
		      w->reason, "recorded_by", (json_int_t)w->recorded_by);

	json_set_instant(o, "recorded_at", w->recorded_at);
	json_set_str(o, "batch_number", w->batch_number);
	json_set_str(o, "farm_id", w->farm_id);
	json_set_str(o, "farm_name", w->farm_name);
	return o;
}

/* The rows of a tally as [{key_name: key, "qty", "cost", "events"[, "name": label]}]. */
static json_t *tally_json(const struct tally *t, const char *key_name)
{
	json_t *arr = json_array();

	for (int i = 0; i < t->n; i++) {
		const struct tally_row *row = &t->rows[i];
		json_t *o = json_pack("{s:s, s:f, s:f, s:I}", key_name, row->key, "qty", row->qty,
				      "cost", row->cost, "events", (json_int_t)row->events);

		if (row->label)
			json_set_str(o, "name", row->label);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *report_json(const struct wastage_report *rep)
{
	json_t *items = json_array();

	for (int i = 0; i < rep->nitems; i++)
		json_array_append_new(items, wastage_json(&rep->items[i]));
	return json_pack("{s:o, s:{s:f, s:o, s:o, s:o, s:o}}", "items", items, "totals", "qty",
			 rep->qty, "cost", money_json(rep->cost_paise), "by_farm",
			 tally_json(&rep->by_farm, "farm_id"), "by_product",
			 tally_json(&rep->by_product, "product"), "by_month",
			 tally_json(&rep->by_month, "month"));
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
	struct wastage_report rep;
	int64_t from, to;

	if (api_failed(r, api_query_only(r, keys)) ||
	    api_failed(r, time_param(r, "from", &from, false)) ||
	    api_failed(r, time_param(r, "to", &to, true)) ||
	    api_failed(r, svc_wastage(&c, from, to, &rep)))
		return;
	api_reply_report(r, report_json(&rep), "wastage.csv");
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
	    api_failed(r, json_number(r, body, "affected_qty", &in.affected_qty, &in.has_qty)) ||
	    api_failed(r, json_number(r, body, "unit_cost", &cost, &in.has_unit_cost)))
		return;
	in.unit_cost_paise = llround(cost * 100.0);
	if (api_failed(r,
		       svc_ticket_root_cause(&c, (enum kind)((const struct route *)r->route)->arg,
					     api_param(r, 0), &in, &t)))
		return;
	api_reply_ticket(r, 200, &t);
}
