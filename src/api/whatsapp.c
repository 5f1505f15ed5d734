/* WhatsApp: its settings, the webhook Meta calls (public, checked by its signature), the
 * conversation inbox and what staff do with a conversation.  See service/whatsapp.h. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/clock.h"
#include "../service/whatsapp.h"
#include "../base/banned.h"

/* --- settings ------------------------------------------------------------------------------- */

void api_settings_whatsapp(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct whatsapp_settings s;

	if (api_failed(r, svc_whatsapp_settings(&c, &s)))
		return;
	reply_json(r, 200, svc_whatsapp_settings_json(&s));
}

void api_settings_whatsapp_put(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct whatsapp_settings s;
	json_t *body;

	if (api_failed(r, json_body(r, &body)) ||
	    api_failed(r, svc_whatsapp_settings_put(&c, body, &s)))
		return;
	reply_json(r, 200, svc_whatsapp_settings_json(&s));
}

void api_settings_whatsapp_test(struct request *r)
{
	struct ctx c = api_ctx(r);
	json_t *out;

	if (api_failed(r, svc_whatsapp_test(&c, &out)))
		return;
	reply_json(r, 200, out);
}

/* --- the webhook ----------------------------------------------------------------------------- */

/* GET: Meta's verification.  The challenge goes back as it came, as plain text. */
void api_whatsapp_verify(struct request *r)
{
	struct ctx c = api_ctx(r);
	const char *challenge = req_query(r, "hub.challenge");

	if (api_failed(r, svc_whatsapp_verify(&c, req_query(r, "hub.mode"),
					      req_query(r, "hub.verify_token"), challenge)))
		return;
	free(r->resp_body);
	r->resp_body = strdup(challenge);
	if (!r->resp_body)
		abort();
	r->resp_len = strlen(challenge);
	r->status = 200;
	r->content_type = "text/plain; charset=utf-8";
	req_add_header(r, "Cache-Control", "no-store");
}

/* POST: an event.  The signature is checked over the raw bytes before anything reads them;
 * the event is stored and answered at once, and the jobs process it. */
void api_whatsapp_webhook(struct request *r)
{
	struct ctx c = api_ctx(r);
	bool stored;

	if (api_failed(r,
		       svc_whatsapp_accept(&c, req_header(r, "X-Hub-Signature-256"),
					   r->body_data ? r->body_data : "", r->body_len, &stored)))
		return;
	reply_json(r, 200, json_pack("{s:b, s:b}", "received", 1, "duplicate", !stored));
}

json_t *whatsapp_work_json(const struct whatsapp_work *w)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "events", w->events, "messages",
			 w->messages, "statuses", w->statuses, "media", w->media, "sent", w->sent,
			 "retried", w->retried, "failed", w->failed);
}

/* --- the inbox -------------------------------------------------------------------------------- */

static json_t *plan_json(const struct whatsapp_plan *p)
{
	json_t *o = json_pack("{s:b, s:s}", "enabled", p->on, "mode", p->mode);

	json_set_str(o, "to", p->phone ? p->phone : NULL);
	json_set_instant(o, "window_open_until", p->window_open_until);
	return o;
}

json_t *whatsapp_reply_json(const struct reply *rep)
{
	json_t *o = json_pack("{s:b, s:s}", "sent_for_real", rep->whatsapp_on, "mode",
			      rep->whatsapp_mode ? rep->whatsapp_mode : "template");

	json_set_str(o, "to", rep->whatsapp_to);
	json_set_instant(o, "window_open_until", rep->window_open_until);
	return o;
}

static json_t *conversation_json(const struct wa_conversation *cv)
{
	json_t *o = json_object();
	int64_t until = cv->last_inbound_at + WHATSAPP_WINDOW;

	json_object_set_new(o, "conversation_id", json_integer(cv->id));
	json_set_str(o, "phone", cv->phone);
	json_set_str(o, "profile_name", cv->profile_name);
	json_set_str(o, "customer_id", cv->customer_id);
	json_set_str(o, "customer_name", cv->customer_name);
	json_set_instant(o, "first_message_at", cv->first_message_at);
	json_set_instant(o, "last_inbound_at", cv->last_inbound_at);
	json_set_instant(o, "last_message_at", cv->last_message_at);
	json_set_instant(o, "window_open_until", until > clock_now() ? until : 0);
	json_set_instant(o, "ack_sent_at", cv->ack_sent_at);
	json_object_set_new(o, "ticket_id",
			    cv->ticket_id ? json_integer(cv->ticket_id) : json_null());
	json_set_str(o, "ticket_number", cv->ticket_number);
	json_set_str(o, "last_text", cv->last_text);
	json_object_set_new(o, "unhandled", json_integer(cv->unhandled));
	return o;
}

static json_t *message_json(struct arena *a, const struct wa_message *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "message_id", json_integer(m->id));
	json_set_str(o, "wamid", m->wamid);
	json_set_str(o, "direction", m->direction);
	json_set_str(o, "type", m->type);
	json_set_str(o, "body", m->body);
	json_set_instant(o, "sent_at", m->sent_at);
	json_set_str(o, "media_state", m->media_state);
	json_set_str(o, "media_type", m->media_mime);
	json_set_str(o, "media_error", m->media_error);
	json_set_str(o, "media_url",
		     m->media_state && !strcmp(m->media_state, "stored")
			 ? arena_printf(a, "/api/whatsapp/messages/%lld/media", (long long)m->id)
			 : NULL);
	json_object_set_new(o, "ticket_id",
			    m->ticket_id ? json_integer(m->ticket_id) : json_null());
	return o;
}

void api_whatsapp_conversations(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct wa_conversation *cv;
	int n;

	if (api_failed(r, svc_whatsapp_conversations(&c, &cv, &n)))
		return;
	json_t *items = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(items, conversation_json(&cv[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static void reply_thread(struct request *r, int status, const struct whatsapp_thread *th)
{
	json_t *o = conversation_json(&th->conv);
	json_t *msgs = json_array();

	for (int i = 0; i < th->nmessages; i++)
		json_array_append_new(msgs, message_json(&r->arena, &th->messages[i]));
	json_object_set_new(o, "messages", msgs);
	json_set_str(o, "latest_so_id", th->latest_so_id);
	json_set_str(o, "latest_delivery_date", th->latest_delivery_date);
	json_set_str(o, "open_ticket", th->open_ticket);
	json_object_set_new(o, "whatsapp", plan_json(&th->plan));
	reply_json(r, status, o);
}

void api_whatsapp_conversation(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct whatsapp_thread th;
	int64_t id;

	if (!api_param_id(r, 0, "conversation", &id) ||
	    api_failed(r, svc_whatsapp_conversation(&c, id, &th)))
		return;
	reply_thread(r, 200, &th);
}

void api_whatsapp_media(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct files_body body;
	const char *mime;
	int64_t id;

	if (!api_param_id(r, 0, "conversation", &id) ||
	    api_failed(r, svc_whatsapp_media(&c, id, &body, &mime)))
		return;
	r->has_stream = true;
	r->stream = (struct reply_stream){body.size, body.fd, body.read, body.release, body.cls};
	r->content_type = mime;
	r->status = 200;
	req_add_header(r, "Cache-Control", "private, max-age=3600");
	req_add_header(r, "Content-Security-Policy", "default-src 'none'; sandbox");
}

void api_whatsapp_ticket(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct ticket_input in;
	struct ticket t;
	json_t *body;
	int64_t id;

	if (!api_param_id(r, 0, "conversation", &id) || api_failed(r, json_body(r, &body)) ||
	    api_failed(r, api_ticket_input(r, body, &in)) ||
	    api_failed(r, svc_whatsapp_ticket(&c, id, &in, &t)))
		return;
	req_add_header(r, "Location",
		       arena_printf(&r->arena, "/api/tickets/b2c/%lld", (long long)t.id));
	api_reply_ticket(r, 201, &t);
}

void api_whatsapp_append(struct request *r)
{
	static const char *const keys[] = {"ticket", NULL};
	struct ctx c = api_ctx(r);
	struct ticket t;
	const char *number = NULL;
	int64_t id, comm;
	json_t *body;

	if (!api_param_id(r, 0, "conversation", &id))
		return;
	if (r->body_len &&
	    (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	     api_failed(r, json_str(r, body, "ticket", &number))))
		return;
	if (api_failed(r, svc_whatsapp_append(&c, id, number, &t, &comm)))
		return;
	reply_json(r, 200,
		   json_pack("{s:s, s:I, s:I}", "ticket_number", t.number, "ticket_id",
			     (json_int_t)t.id, "communication_id", (json_int_t)comm));
}

/* GET /api/tickets/{b2b,b2c}/{id}/whatsapp: how a WhatsApp message to the ticket's customer
 * would go now (free text inside the window, else a template). */
void api_ticket_whatsapp(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct ticket t;
	struct whatsapp_plan p;

	if (api_failed(r, svc_ticket_get(&c, (enum kind)((const struct route *)r->route)->arg,
					 api_param(r, 0), &t)) ||
	    api_failed(r, svc_whatsapp_plan_ticket(&c, &t, &p)))
		return;
	reply_json(r, 200, plan_json(&p));
}
