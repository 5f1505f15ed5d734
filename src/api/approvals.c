/* Approvals: resolutions waiting for a manager (GET /api/approvals and the decisions). */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/banned.h"

json_t *approval_json(const struct approval *a)
{
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "approval_id", (json_int_t)a->id,
	    "ticket_id", (json_int_t)a->ticket_id, "ticket_number",
	    a->ticket_number ? a->ticket_number : "", "ticket_kind",
	    a->ticket_kind ? a->ticket_kind : "", "resolution_type", a->resolution_type, "notes",
	    a->notes, "state", a->state, "requested_by", (json_int_t)a->requested_by,
	    "requested_by_name", a->requested_by_name ? a->requested_by_name : "");

	json_set_str(o, "ticket_title", a->ticket_title);
	json_object_set_new(o, "amount",
			    a->has_amount ? json_real((double)a->amount / 100.0) : json_null());
	json_set_str(o, "currency", a->currency);
	json_set_str(o, "reference", a->reference);
	json_set_str(o, "replacement_date", a->replacement_date);
	json_set_str(o, "replacement_items", a->replacement_items);
	json_set_instant(o, "requested_at", a->requested_at);
	json_object_set_new(o, "decided_by",
			    a->decided_by ? json_integer(a->decided_by) : json_null());
	json_set_str(o, "decided_by_name", a->decided_by_name);
	json_set_instant(o, "decided_at", a->decided_at);
	json_set_str(o, "decision_note", a->decision_note);
	return o;
}

void api_approvals(struct request *r)
{
	static const char *const keys[] = {"state", NULL};
	struct ctx c = api_ctx(r);
	struct approval *items;
	int n;
	const char *state = req_query(r, "state");

	if (api_failed(r, api_query_only(r, keys)))
		return;
	if (!state || !*state)
		state = "pending";
	if (strcmp(state, "pending") && strcmp(state, "approved") && strcmp(state, "rejected") &&
	    strcmp(state, "all")) {
		err_set(&r->err, ERR_BAD_REQUEST, "state",
			"state is pending, approved, rejected or all");
		reply_error(r);
		return;
	}
	if (api_failed(r, svc_approvals(&c, strcmp(state, "all") ? state : NULL, &items, &n)))
		return;
	json_t *arr = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(arr, approval_json(&items[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

static void decide(struct request *r, bool approve)
{
	static const char *const keys[] = {"note", NULL};
	struct ctx c = api_ctx(r);
	struct approval ap;
	struct ticket t;
	json_t *body = NULL;
	const char *note = NULL;
	int64_t id;

	if (!api_param_id(r, 0, "approval", &id))
		return;
	if (r->body_len &&
	    (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	     api_failed(r, json_str(r, body, "note", &note))))
		return;
	if (api_failed(r, svc_approval_decide(&c, id, approve, note, &ap, &t)))
		return;
	json_t *a = approval_json(&ap);
	struct strbuf sb;
	struct jw w;

	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	jw_kjson(&w, "approval", a);
	json_decref(a);
	jw_key(&w, "ticket");
	jw_object(&w);
	ticket_write(&w, &t);
	jw_end_object(&w);
	jw_end_object(&w);
	reply_text_json(r, 200, &sb);
}

void api_approval_approve(struct request *r)
{
	decide(r, true);
}

void api_approval_reject(struct request *r)
{
	decide(r, false);
}
