/* Outgoing webhooks (issue 18), admins: GET/POST /api/webhooks, GET/PUT /api/webhooks/{id},
 * GET /api/webhooks/{id}/deliveries (the delivery log).  The secret is never served back. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../service/webhook.h"
#include "../base/banned.h"

static void webhook_write(struct jw *w, struct arena *a, const struct webhook *h)
{
	jw_kint(w, "webhook_id", h->id);
	jw_kstr(w, "url", h->url);
	jw_key(w, "events");
	jw_array(w);
	for (const char *p = h->events; p && *p;) {
		size_t n = strcspn(p, ",");

		jw_str(w, arena_printf(a, "%.*s", (int)n, p));
		p += n;
		if (*p == ',')
			p++;
	}
	jw_end_array(w);
	jw_kbool(w, "active", h->active);
	jw_kbool(w, "secret_set", h->secret && *h->secret);
	jw_kint(w, "created_by", h->created_by);
	jw_kinstant(w, "created_at", h->created_at);
	jw_kinstant(w, "updated_at", h->updated_at);
}

static void reply_webhook(struct request *r, int status, const struct webhook *h)
{
	struct strbuf sb;
	struct jw w;

	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	webhook_write(&w, &r->arena, h);
	jw_end_object(&w);
	reply_text_json(r, status, &sb);
}

void api_webhooks(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct webhook *hooks = NULL;
	struct strbuf sb;
	struct jw w;
	int n;

	if (api_failed(r, svc_webhooks(&c, &hooks, &n)))
		return;
	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	jw_key(&w, "items");
	jw_array(&w);
	for (int i = 0; i < n; i++) {
		jw_object(&w);
		webhook_write(&w, &r->arena, &hooks[i]);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_end_object(&w);
	reply_text_json(r, 200, &sb);
}

static enum err_code webhook_body(struct request *r, struct webhook_input *in)
{
	static const char *const keys[] = {"url", "secret", "events", "active", NULL};
	json_t *body, *events, *active, *v;
	size_t i;

	memset(in, 0, sizeof(*in));
	if (json_body(r, &body) || json_only(r, body, keys) || json_str(r, body, "url", &in->url) ||
	    json_str(r, body, "secret", &in->secret))
		return r->err.code;
	events = json_object_get(body, "events");
	if (events) {
		const char **names =
		    arena_zalloc(&r->arena, sizeof(char *) * (json_array_size(events) + 1));

		if (!json_is_array(events))
			return err_set(&r->err, ERR_INVALID, "events", "events is a list of names");
		json_array_foreach(events, i, v)
		{
			if (!json_is_string(v))
				return err_set(&r->err, ERR_INVALID, "events",
					       "events is a list of names");
			names[i] = json_string_value(v);
		}
		in->events = names;
	}
	active = json_object_get(body, "active");
	if (active) {
		if (!json_is_boolean(active))
			return err_set(&r->err, ERR_INVALID, "active", "active is true or false");
		in->set_active = true;
		in->active = json_is_true(active);
	}
	return ERR_OK;
}

void api_webhook_create(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct webhook_input in;
	struct webhook h;

	if (api_failed(r, webhook_body(r, &in)) || api_failed(r, svc_webhook_save(&c, 0, &in, &h)))
		return;
	reply_webhook(r, 201, &h);
}

void api_webhook(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct webhook *hooks = NULL;
	int64_t id;
	int n;

	if (!api_param_id(r, 0, "webhook", &id) || api_failed(r, svc_webhooks(&c, &hooks, &n)))
		return;
	for (int i = 0; i < n; i++)
		if (hooks[i].id == id) {
			reply_webhook(r, 200, &hooks[i]);
			return;
		}
	err_set(&r->err, ERR_NOT_FOUND, "id", "no webhook %lld", (long long)id);
	reply_error(r);
}

void api_webhook_update(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct webhook_input in;
	struct webhook h;
	int64_t id;

	if (!api_param_id(r, 0, "webhook", &id) || api_failed(r, webhook_body(r, &in)) ||
	    api_failed(r, svc_webhook_save(&c, id, &in, &h)))
		return;
	reply_webhook(r, 200, &h);
}

void api_webhook_deliveries(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct webhook_delivery *d = NULL;
	struct strbuf sb;
	struct jw w;
	int64_t id;
	int n;

	if (!api_param_id(r, 0, "webhook", &id) ||
	    api_failed(r, svc_webhook_deliveries(&c, id, &d, &n)))
		return;
	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	jw_key(&w, "items");
	jw_array(&w);
	for (int i = 0; i < n; i++) {
		jw_object(&w);
		jw_kint(&w, "delivery_id", d[i].id);
		jw_kstr(&w, "event", d[i].event);
		jw_kint_or_null(&w, "ticket_id", d[i].ticket_id);
		jw_kstr(&w, "state", d[i].state);
		jw_kint(&w, "attempts", d[i].attempts);
		jw_kint_or_null(&w, "last_status", d[i].last_status);
		jw_kstr(&w, "last_error", d[i].last_error);
		jw_kinstant(&w, "next_attempt_at", d[i].next_attempt_at);
		jw_kinstant(&w, "created_at", d[i].created_at);
		jw_kinstant(&w, "delivered_at", d[i].delivered_at);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_end_object(&w);
	reply_text_json(r, 200, &sb);
}
