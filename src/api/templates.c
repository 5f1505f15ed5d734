/* Response templates (/api/templates) and replies to customers. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/banned.h"

static json_t *template_json(const struct template_row *t)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "template_id", (json_int_t)t->id, "name",
			      t->name, "channel", t->channel, "body", t->body);
	json_t *cats = json_array();

	json_set_str(o, "kind", t->kind);
	json_set_str(o, "subject", t->subject);
	for (const char *p = t->categories; p && *p;) {
		size_t n = strcspn(p, ",");
		char code[80];

		if (n < sizeof(code)) {
			memcpy(code, p, n);
			code[n] = '\0';
			json_array_append_new(cats, json_string(code));
		}
		p += n + (p[n] == ',');
	}
	json_object_set_new(o, "categories", cats);
	json_set_instant(o, "updated_at", t->updated_at);
	return o;
}

void api_templates(struct request *r)
{
	static const char *const keys[] = {"kind", NULL};
	struct ctx c = api_ctx(r);
	struct template_row *list;
	int n;
	const char *kind = req_query(r, "kind");

	if (api_failed(r, api_query_only(r, keys)))
		return;
	if (kind && *kind && kind_from_name(kind) < 0) {
		err_set(&r->err, ERR_BAD_REQUEST, "kind", "kind is b2b or b2c");
		reply_error(r);
		return;
	}
	if (api_failed(r, svc_templates(&c, kind && *kind ? kind : NULL, &list, &n)))
		return;
	json_t *items = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(items, template_json(&list[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void api_template(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct template_row t;
	int64_t id;

	if (!api_param_id(r, 0, "template", &id) || api_failed(r, svc_template_get(&c, id, &t)))
		return;
	reply_json(r, 200, template_json(&t));
}

static void save_template(struct request *r, int64_t id)
{
	static const char *const keys[] = {"name",    "kind", "categories", "channel",
					   "subject", "body", NULL};
	struct ctx c = api_ctx(r);
	struct template_row t = {.id = id};
	json_t *body, *cats;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str(r, body, "name", &t.name)) ||
	    api_failed(r, json_str(r, body, "kind", &t.kind)) ||
	    api_failed(r, json_str(r, body, "channel", &t.channel)) ||
	    api_failed(r, json_str(r, body, "subject", &t.subject)) ||
	    api_failed(r, json_str(r, body, "body", &t.body)))
		return;
	cats = json_object_get(body, "categories");
	if (cats && !json_is_null(cats)) {
		struct strbuf sb;

		if (!json_is_array(cats)) {
			err_set(&r->err, ERR_BAD_REQUEST, "categories",
				"categories is an array of category codes");
			reply_error(r);
			return;
		}
		strbuf_init(&sb, 0);
		for (size_t i = 0; i < json_array_size(cats); i++) {
			const char *code = json_string_value(json_array_get(cats, i));

			if (!code || strchr(code, ',')) {
				strbuf_release(&sb);
				err_set(&r->err, ERR_BAD_REQUEST, "categories",
					"categories[%zu] is not a category code", i);
				reply_error(r);
				return;
			}
			strbuf_putf(&sb, "%s%s", i ? "," : "", code);
		}
		t.categories = sb.len ? arena_strdup(&r->arena, sb.buf) : NULL;
		strbuf_release(&sb);
	}
	if (api_failed(r, svc_template_save(&c, &t)) ||
	    api_failed(r, svc_template_get(&c, t.id, &t)))
		return;
	reply_json(r, id ? 200 : 201, template_json(&t));
}

void api_template_create(struct request *r)
{
	save_template(r, 0);
}

void api_template_update(struct request *r)
{
	int64_t id;

	if (api_param_id(r, 0, "template", &id))
		save_template(r, id);
}

void api_template_delete(struct request *r)
{
	struct ctx c = api_ctx(r);
	int64_t id;

	if (!api_param_id(r, 0, "template", &id) || api_failed(r, svc_template_delete(&c, id)))
		return;
	reply_json(r, 200, json_pack("{s:I, s:b}", "template_id", (json_int_t)id, "deleted", 1));
}

/* Reads a reply's body (template_id, body, subject, channel) into rep; false when it was
 * refused, with the error answered. */
static bool reply_read(struct request *r, struct reply *rep)
{
	static const char *const keys[] = {"template_id", "body", "subject", "channel", NULL};
	json_t *body;
	bool present;

	return !api_failed(r, json_body(r, &body)) && !api_failed(r, json_only(r, body, keys)) &&
	       !api_failed(r, json_int(r, body, "template_id", &rep->template_id, &present)) &&
	       !api_failed(r, json_str(r, body, "body", &rep->body)) &&
	       !api_failed(r, json_str(r, body, "subject", &rep->subject)) &&
	       !api_failed(r, json_str_req(r, body, "channel", &rep->channel));
}

static enum kind route_kind(struct request *r)
{
	return (enum kind)((const struct route *)r->route)->arg;
}

void api_ticket_reply(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct reply rep = {0};

	if (!reply_read(r, &rep) ||
	    api_failed(r, svc_ticket_reply(&c, route_kind(r), api_param(r, 0), &rep)))
		return;
	json_t *o =
	    json_pack("{s:I, s:s, s:s, s:b}", "communication_id", (json_int_t)rep.communication_id,
		      "channel", rep.channel, "body", rep.text, "emailed", rep.queued);

	json_set_str(o, "subject", !strcmp(rep.channel, "email") ? rep.subject_text : NULL);
	if (!strcmp(rep.channel, "whatsapp"))
		json_object_set_new(o, "whatsapp", whatsapp_reply_json(&rep));
	reply_json(r, 201, o);
}

/* POST /api/tickets/{b2b,b2c}/{id}/reply/preview: the reply as it would be sent, with its
 * placeholders filled, the address it would go to and whether mail can be sent; nothing is
 * sent or logged. */
void api_ticket_reply_preview(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct reply rep = {0};

	if (!reply_read(r, &rep) ||
	    api_failed(r, svc_ticket_reply_preview(&c, route_kind(r), api_param(r, 0), &rep)))
		return;
	bool email = !strcmp(rep.channel, "email");
	json_t *o = json_pack("{s:s, s:s, s:b}", "channel", rep.channel, "body", rep.text,
			      "mail_server", rep.mail_server);

	json_set_str(o, "subject", email ? rep.subject_text : NULL);
	json_set_str(o, "to", rep.to);
	if (!strcmp(rep.channel, "whatsapp"))
		json_object_set_new(o, "whatsapp", whatsapp_reply_json(&rep));
	reply_json(r, 200, o);
}
