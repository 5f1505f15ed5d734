/* Customers for support: the picker's search, one customer with its history and flags,
 * the "high standards" flag, and the complaint settings behind "repeat complainer". */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../service/customer.h"
#include "../base/banned.h"

static json_t *customer_json(const struct customer *c)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "customer_id", c->customer_id, "name", c->name,
			      "type", c->type);

	json_set_str(o, "phone", c->phone);
	json_set_str(o, "email", c->email);
	return o;
}

static json_t *flags_json(const struct customer_history *h)
{
	json_t *o = json_pack("{s:b, s:b}", "repeat_complainer", h->repeat_complainer,
			      "high_standards", h->high_standards);

	if (h->high_standards) {
		json_set_str(o, "high_standards_note", h->high_standards_flag.note);
		json_object_set_new(o, "high_standards_by",
				    json_integer(h->high_standards_flag.set_by));
		json_set_instant(o, "high_standards_at", h->high_standards_flag.set_at);
	} else {
		json_object_set_new(o, "high_standards_note", json_null());
		json_object_set_new(o, "high_standards_by", json_null());
		json_object_set_new(o, "high_standards_at", json_null());
	}
	json_object_set_new(o, "repeat_complainer_threshold",
			    json_integer(h->settings.repeat_threshold));
	json_object_set_new(o, "repeat_complainer_window_days",
			    json_integer(h->settings.repeat_window_days));
	json_object_set_new(o, "repeat_complainer_rule",
			    json_string(repeat_rule_name(h->settings.repeat_rule)));
	if (h->settings.repeat_rule == REPEAT_PEERS)
		json_object_set_new(o, "repeat_complainer_basis",
				    json_pack("{s:I, s:I, s:f, s:f, s:i, s:i}", "complaints",
					      (json_int_t)h->complaints_window, "orders",
					      (json_int_t)h->orders_in_window, "rate",
					      h->outlier.rate, "peer_median_rate",
					      h->outlier.peer_median, "peers", h->outlier.npeers,
					      "factor", h->settings.repeat_factor));
	else
		json_object_set_new(o, "repeat_complainer_basis", json_null());
	return o;
}

/* Adds the history's tickets, figures and flags to the customer's object. */
static void history_into(json_t *o, const struct customer_history *h)
{
	json_t *tickets = json_array();

	for (int i = 0; i < h->ntickets; i++)
		json_array_append_new(tickets, complaint_json(&h->tickets[i]));
	json_object_set_new(o, "tickets", tickets);
	json_object_set_new(o, "ticket_count", json_integer(h->ticket_count));
	json_object_set_new(o, "complaints_30d", json_integer(h->complaints_30d));
	json_object_set_new(o, "complaints_90d", json_integer(h->complaints_90d));
	json_object_set_new(o, "flags", flags_json(h));
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
	if (api_failed(r, svc_customers(&c, q, limit, found, &n)))
		return;
	json_t *items = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(items, customer_json(&found[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void api_customer(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct customer_view v;

	if (api_failed(r, svc_customer(&c, api_param(r, 0), &v)))
		return;
	json_t *o = customer_json(&v.customer);

	if (v.has_history)
		history_into(o, &v.history);
	reply_json(r, 200, o);
}

void api_customer_flags(struct request *r)
{
	static const char *const keys[] = {"high_standards", "note", NULL};
	struct ctx c = api_ctx(r);
	struct customer_history h;
	const char *note;
	json_t *body, *hs;

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
	    api_failed(r, svc_customer_history(&c, api_param(r, 0), &h)))
		return;
	reply_json(r, 200, json_pack("{s:o}", "flags", flags_json(&h)));
}

static json_t *settings_json(const struct complaint_settings *s)
{
	return svc_complaint_settings_json(s);
}

void api_settings_complaints(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct complaint_settings s;

	if (!api_failed(r, svc_complaint_settings(&c, &s)))
		reply_json(r, 200, settings_json(&s));
}

void api_settings_complaints_put(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct complaint_settings s;
	json_t *body;

	if (api_failed(r, json_body(r, &body)) ||
	    api_failed(r, svc_complaint_settings_put(&c, body, &s)))
		return;
	reply_json(r, 200, settings_json(&s));
}
