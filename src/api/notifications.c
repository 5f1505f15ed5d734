/* Notifications (the bell), channel preferences, and settings for SLA and email. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../service/integration.h"
#include "../service/webhook.h"
#include "../service/whatsapp.h"
#include "../base/clock.h"
#include "../base/banned.h"

static json_t *notification_json(const struct notification *n)
{
	json_t *o =
	    json_pack("{s:I, s:s, s:s, s:s, s:b}", "notification_id", (json_int_t)n->id, "type",
		      n->type, "title", n->title, "body", n->body, "read", n->read_at != 0);

	json_object_set_new(o, "ticket_id",
			    n->ticket_id ? json_integer(n->ticket_id) : json_null());
	json_set_str(o, "ticket_number", n->ticket_number);
	json_set_str(o, "ticket_kind", n->ticket_kind);
	json_set_instant(o, "created_at", n->created_at);
	json_set_instant(o, "read_at", n->read_at);
	return o;
}

void api_notifications(struct request *r)
{
	static const char *const keys[] = {"unread", "limit", NULL};
	struct ctx c = api_ctx(r);
	struct notification *items;
	int n, limit = 50;
	int64_t unread;
	const char *v = req_query(r, "limit");
	const char *u = req_query(r, "unread");

	if (api_failed(r, api_query_only(r, keys)))
		return;
	if (v && *v) {
		char *end;
		long l = strtol(v, &end, 10);

		if (*end || l < 1 || l > 200) {
			err_set(&r->err, ERR_BAD_REQUEST, "limit",
				"limit is a number from 1 to 200");
			reply_error(r);
			return;
		}
		limit = (int)l;
	}
	if (u && *u && strcmp(u, "true") && strcmp(u, "false")) {
		err_set(&r->err, ERR_BAD_REQUEST, "unread", "unread is true or false");
		reply_error(r);
		return;
	}
	if (api_failed(r,
		       svc_notifications(&c, u && !strcmp(u, "true"), limit, &items, &n, &unread)))
		return;
	json_t *arr = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(arr, notification_json(&items[i]));
	reply_json(r, 200, json_pack("{s:o, s:I}", "items", arr, "unread", (json_int_t)unread));
}

void api_notification_read(struct request *r)
{
	struct ctx c = api_ctx(r);
	int64_t id;

	if (!api_param_id(r, 0, "notification", &id))
		return;
	if (api_failed(r, svc_notification_read(&c, id)))
		return;
	reply_json(r, 200, json_pack("{s:I, s:b}", "notification_id", (json_int_t)id, "read", 1));
}

static json_t *prefs_json(struct ctx *c)
{
	json_t *o = json_object();

	for (int t = 0; t < NT__MAX; t++) {
		const char *ch = svc_notify_prefs(c, (enum notify_type)t);

		json_object_set_new(o, notify_type_name((enum notify_type)t),
				    json_pack("{s:b, s:b}", "in_app", strstr(ch, "in_app") != NULL,
					      "email", strstr(ch, "email") != NULL));
	}
	return o;
}

void api_notification_prefs(struct request *r)
{
	struct ctx c = api_ctx(r);

	reply_json(r, 200, prefs_json(&c));
}

/* Body: {"escalation": {"in_app": true, "email": false}, ...}; types left out keep theirs. */
void api_notification_prefs_put(struct request *r)
{
	struct ctx c = api_ctx(r);
	json_t *body, *v;
	const char *key;

	if (api_failed(r, json_body(r, &body)))
		return;
	json_object_foreach(body, key, v)
	{
		int t = notify_type_from_name(key);
		json_t *ia = json_object_get(v, "in_app"), *em = json_object_get(v, "email");

		if (t < 0) {
			err_set(&r->err, ERR_BAD_REQUEST, arena_strdup(&r->arena, key),
				"unknown notification type '%s'", key);
			reply_error(r);
			return;
		}
		if (!json_is_object(v) || json_object_size(v) != 2 || !json_is_boolean(ia) ||
		    !json_is_boolean(em)) {
			err_set(&r->err, ERR_BAD_REQUEST, arena_strdup(&r->arena, key),
				"'%s' must be {\"in_app\": true|false, \"email\": true|false}",
				key);
			reply_error(r);
			return;
		}
	}
	json_object_foreach(body, key, v)
	{
		if (api_failed(r, svc_notify_prefs_put(&c,
						       (enum notify_type)notify_type_from_name(key),
						       json_is_true(json_object_get(v, "in_app")),
						       json_is_true(json_object_get(v, "email")))))
			return;
	}
	reply_json(r, 200, prefs_json(&c));
}

void api_settings_sla(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct sla_settings s;

	if (api_failed(r, svc_sla_settings(&c, &s)))
		return;
	reply_json(r, 200, svc_sla_settings_json(&s));
}

void api_settings_sla_put(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct sla_settings s;
	json_t *body;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, svc_sla_settings_put(&c, body, &s)))
		return;
	reply_json(r, 200, svc_sla_settings_json(&s));
}

void api_settings_smtp(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct smtp_settings s;

	if (api_failed(r, svc_smtp_settings(&c, &s)))
		return;
	reply_json(r, 200, svc_smtp_settings_json(&s));
}

void api_settings_smtp_put(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct smtp_settings s;
	json_t *body;

	if (api_failed(r, json_body(r, &body)) ||
	    api_failed(r, svc_smtp_settings_put(&c, body, &s)))
		return;
	reply_json(r, 200, svc_smtp_settings_json(&s));
}

void api_test_sweep(struct request *r)
{
	struct app *app = r->app;
	struct ctx c = api_ctx(r);
	struct sla_sweep_result sweep;
	int sent, failed, closed, posted, posting_failed, hooks_sent, hooks_failed;
	struct whatsapp_work wa;

	if (!app->test_clock) {
		err_set(&r->err, ERR_NOT_FOUND, NULL, "no such endpoint: %s %s", r->method,
			r->path);
		reply_error(r);
		return;
	}
	static const char *const keys[] = {"batch", NULL};
	const char *v = req_query(r, "batch");
	long batch = 0;

	if (api_failed(r, api_query_only(r, keys)))
		return;
	if (v) {
		char *end;

		batch = strtol(v, &end, 10);
		if (!*v || *end || batch < 1 || batch > SWEEP_BATCH) {
			err_set(&r->err, ERR_BAD_REQUEST, "batch",
				"batch is a number of tickets from 1 to %d", SWEEP_BATCH);
			reply_error(r);
			return;
		}
	}
	/* The timed jobs, as the jobs thread runs them, acting as the system. */
	c.who = NULL;
	if (api_failed(r, svc_sla_sweep(&c, (int)batch, &sweep)) ||
	    api_failed(r, svc_ticket_auto_close(&c, &closed)) ||
	    api_failed(r, svc_outbox_deliver(&c, &sent, &failed)) ||
	    api_failed(r, svc_postings_deliver(&c, &posted, &posting_failed)) ||
	    api_failed(r, svc_webhooks_deliver(&c, &hooks_sent, &hooks_failed)) ||
	    api_failed(r, svc_whatsapp_work(&c, &wa)))
		return;
	reply_json(r, 200,
		   json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:o}", "escalated",
			     sweep.escalated, "warned", sweep.warned, "sweep_batches",
			     sweep.batches, "auto_closed", closed, "emails_sent", sent,
			     "emails_failed", failed, "postings_posted", posted, "postings_failed",
			     posting_failed, "webhooks_sent", hooks_sent, "webhooks_failed",
			     hooks_failed, "whatsapp", whatsapp_work_json(&wa)));
}

void api_settings_workflow(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct workflow_settings w;

	if (api_failed(r, svc_workflow_settings(&c, &w)))
		return;
	reply_json(r, 200, svc_workflow_settings_json(&w));
}

void api_settings_workflow_put(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct workflow_settings w;
	json_t *body;

	if (api_failed(r, json_body(r, &body)) ||
	    api_failed(r, svc_workflow_settings_put(&c, body, &w)))
		return;
	reply_json(r, 200, svc_workflow_settings_json(&w));
}
