/* Quality incidents (issue 18): their list and page, closing one, the pattern rules'
 * settings, and a ticket's incidents. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../service/incident.h"
#include "../base/banned.h"

static void incident_write(struct jw *w, const struct incident *in)
{
	jw_kint(w, "incident_id", in->id);
	jw_kstr(w, "rule", incident_rule_name(in->rule));
	jw_kstr(w, "subject", in->subject);
	jw_kstr(w, "farm_id", in->farm_id);
	jw_kstr(w, "reason", in->reason);
	jw_kstr(w, "status", in->status);
	jw_kinstant(w, "window_start", in->window_start);
	jw_kinstant(w, "window_end", in->window_end);
	jw_kinstant(w, "opened_at", in->opened_at);
	jw_kinstant(w, "closed_at", in->closed_at);
	jw_kint_or_null(w, "closed_by", in->closed_by);
	jw_kstr(w, "close_note", in->close_note);
	jw_kint(w, "ticket_count", in->ntickets);
}

static void reply_incidents(struct request *r, const struct incident *rows, int n)
{
	struct strbuf sb;
	struct jw w;

	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	jw_key(&w, "items");
	jw_array(&w);
	for (int i = 0; i < n; i++) {
		jw_object(&w);
		incident_write(&w, &rows[i]);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_end_object(&w);
	reply_text_json(r, 200, &sb);
}

static void strings_write(struct jw *w, const char *key, const char **list, int n)
{
	jw_key(w, key);
	jw_array(w);
	for (int i = 0; i < n; i++)
		jw_str(w, list[i]);
	jw_end_array(w);
}

static void reply_view(struct request *r, const struct incident_view *v)
{
	struct strbuf sb;
	struct jw w;

	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	incident_write(&w, &v->incident);
	jw_key(&w, "tickets");
	jw_array(&w);
	for (int i = 0; i < v->ntickets; i++) {
		const struct incident_ticket *t = &v->tickets[i];

		jw_object(&w);
		jw_kint(&w, "ticket_id", t->ticket_id);
		jw_kstr(&w, "number", t->number);
		jw_kstr(&w, "kind", t->kind);
		jw_kstr(&w, "title", t->title);
		jw_kstr(&w, "status", t->status);
		jw_kstr(&w, "category", t->category);
		jw_kstr(&w, "customer_id", t->customer_id);
		jw_kstr(&w, "customer_name", t->customer_name);
		jw_kstr(&w, "batch_number", t->batch_number);
		jw_kinstant(&w, "created_at", t->created_at);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	strings_write(&w, "batches", v->batches, v->nbatches);
	strings_write(&w, "customers", v->customers, v->ncustomers);
	jw_end_object(&w);
	reply_text_json(r, 200, &sb);
}

void api_incidents(struct request *r)
{
	static const char *const keys[] = {"status", NULL};
	struct ctx c = api_ctx(r);
	struct incident *rows = NULL;
	const char *status = req_query(r, "status");
	int n;

	if (api_failed(r, api_query_only(r, keys)) ||
	    api_failed(r, svc_incidents(&c, status && *status ? status : NULL, &rows, &n)))
		return;
	reply_incidents(r, rows, n);
}

void api_incident(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct incident_view v;
	int64_t id;

	if (!api_param_id(r, 0, "incident", &id) || api_failed(r, svc_incident(&c, id, &v)))
		return;
	reply_view(r, &v);
}

void api_incident_close(struct request *r)
{
	static const char *const keys[] = {"note", "comment", "visibility", NULL};
	struct ctx c = api_ctx(r);
	struct incident_view v;
	const char *note, *comment, *visibility;
	json_t *body;
	int64_t id;

	if (!api_param_id(r, 0, "incident", &id) || api_failed(r, json_body(r, &body)) ||
	    api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str(r, body, "note", &note)) ||
	    api_failed(r, json_str(r, body, "comment", &comment)) ||
	    api_failed(r, json_str(r, body, "visibility", &visibility)) ||
	    api_failed(r, svc_incident_close(&c, id, note, comment, visibility, &v)))
		return;
	reply_view(r, &v);
}

void api_ticket_incidents(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct ticket t;
	struct incident *rows = NULL;
	int n;

	if (api_failed(r, svc_ticket_get(&c, (enum kind)((const struct route *)r->route)->arg,
					 api_param(r, 0), &t)) ||
	    api_failed(r, svc_incidents_of_ticket(&c, t.id, &rows, &n)))
		return;
	reply_incidents(r, rows, n);
}

void api_settings_patterns(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct pattern_settings s;

	if (!api_failed(r, svc_pattern_settings(&c, &s)))
		reply_json(r, 200, svc_pattern_settings_json(&s));
}

void api_settings_patterns_put(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct pattern_settings s;
	json_t *body;

	if (api_failed(r, json_body(r, &body)) ||
	    api_failed(r, svc_pattern_settings_put(&c, body, &s)))
		return;
	reply_json(r, 200, svc_pattern_settings_json(&s));
}
